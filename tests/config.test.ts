import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../src/config.js'

const strong = 'k3J9-vQ2x_Lp8ZrT5mWn7yBc4HdFs6Ga1Ue0Io'

describe('parseConfig', () => {
  it('has safe development defaults and no secret (the Node entry makes one)', () => {
    const c = parseConfig({})
    expect(c).toMatchObject({ env: 'development', port: 3000, dataDir: './data', databasePath: './data/amicus.sqlite', appSecret: undefined, epochSeconds: 60 })
    expect(c.siteUrl).toBe('http://localhost:3000')
  })

  it('defaults the epoch to 15 minutes in production', () => {
    expect(parseConfig({ NODE_ENV: 'production', APP_SECRET: strong, SITE_URL: 'https://amicus.example' }).epochSeconds).toBe(900)
  })

  it.each([
    [{ NODE_ENV: 'production', SITE_URL: 'https://a.example' }, 'APP_SECRET: required in production'],
    [{ NODE_ENV: 'production', SITE_URL: 'https://a.example', APP_SECRET: 'short' }, 'APP_SECRET: too short or too weak'],
    [{ NODE_ENV: 'production', SITE_URL: 'https://a.example', APP_SECRET: 'a'.repeat(40) }, 'APP_SECRET: too short or too weak'],
    [{ NODE_ENV: 'production', APP_SECRET: strong }, 'SITE_URL: required in production'],
  ])('refuses to boot in production without a strong secret: %o', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError)
    expect(() => parseConfig(env)).toThrow(message)
  })

  it('names every bad key at once', () => {
    try {
      parseConfig({ PORT: 'eighty', SITE_URL: 'ftp://x', SMTP_URL: 'http://mail', PURGE_AFTER_DAYS: '365', NODE_ENV: 'staging' })
      expect.unreachable()
    } catch (e) {
      const problems = (e as ConfigError).problems.join('\n')
      for (const key of ['PORT', 'SITE_URL', 'SMTP_URL', 'PURGE_AFTER_DAYS', 'NODE_ENV']) expect(problems).toContain(key)
    }
  })

  it('caps retention at six months', () => {
    expect(() => parseConfig({ PURGE_AFTER_DAYS: '181' })).toThrow('PURGE_AFTER_DAYS')
    expect(parseConfig({ PURGE_AFTER_DAYS: '180' }).purgeAfterDays).toBe(180)
  })
})
