import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const boot = (env: Record<string, string>) =>
  spawnSync('npx', ['tsx', 'src/entry/node.ts'], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', DATA_DIR: mkdtempSync(join(tmpdir(), 'amicus-boot-')), PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })

describe('the Node entry', () => {
  it('refuses to start in production without APP_SECRET, naming the key', () => {
    const r = boot({ NODE_ENV: 'production', SITE_URL: 'https://a.example', SMTP_URL: 'smtp://127.0.0.1:1' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('APP_SECRET: required in production')
  }, 40_000)

  it('refuses a weak secret in production', () => {
    const r = boot({ NODE_ENV: 'production', SITE_URL: 'https://a.example', SMTP_URL: 'smtp://127.0.0.1:1', APP_SECRET: 'changeme' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('APP_SECRET: too short or too weak')
  }, 40_000)

  it('refuses production without SMTP (the development mailbox is not for real mail)', () => {
    const r = boot({ NODE_ENV: 'production', SITE_URL: 'https://a.example', APP_SECRET: 'k3J9-vQ2x_Lp8ZrT5mWn7yBc4HdFs6Ga1Ue0Io' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('SMTP_URL is required in production')
  }, 40_000)
})
