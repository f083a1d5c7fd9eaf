import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodePng } from '../../../src/core/image.js'
import { runCli } from '../../../src/entry/cli.js'
import { TEST_SECRET } from '../../support/test-deps.js'

describe('amicus organisation', () => {
  let dir: string
  let env: Record<string, string>
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amicus-cli-organisation-'))
    env = { NODE_ENV: 'test', DATA_DIR: dir, APP_SECRET: TEST_SECRET, SITE_URL: 'http://amicus.test', LOG_LEVEL: 'silent' }
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const run = async (...args: string[]) => {
    const out: string[] = []
    const err: string[] = []
    const code = await runCli(['organisation', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), fetch, env })
    return { code, out: out.join('\n'), err: err.join('\n') }
  }

  it('says there is none yet, then creates one, with field messages for what is wrong', async () => {
    expect(await run('show')).toMatchObject({ code: 1, err: expect.stringContaining('No organisation exists yet') })
    const bad = await run('create', '--slug', 'yazda', '--name', 'Yazda', '--email', 'nope', '--controller', 'Yazda e.V.', '--address', 'Street 1\\nBerlin')
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('contactEmail: Enter a contact email address')
    const ok = await run('create', '--slug', 'yazda', '--name', 'Yazda', '--email', 'privacy@yazda.example.org', '--controller', 'Yazda e.V.', '--address', 'Street 1\\nBerlin')
    expect(ok).toMatchObject({ code: 0, out: 'created yazda; privacy notice at http://amicus.test/privacy/yazda' })
  })

  it('updates only the fields given, and sets the logo from a file', async () => {
    expect((await run('update', '--website', 'https://yazda.example.org')).code).toBe(0)
    const logo = join(dir, 'logo.png')
    writeFileSync(logo, encodePng({ width: 800, height: 200, rgba: new Uint8Array(800 * 200 * 4).fill(200) }))
    const set = await run('logo', logo)
    expect(set.code).toBe(0)
    expect(set.out).toMatch(/^logo set: http:\/\/amicus\.test\/images\/[0-9a-f]{64}\.png$/)
    const shown = await run('show')
    expect(shown.out).toContain('Yazda (yazda)')
    expect(shown.out).toContain('website: https://yazda.example.org')
    expect(shown.out).toContain('controller: Yazda e.V., Street 1, Berlin')
    expect(shown.out).toMatch(/logo: \/images\/[0-9a-f]{64}\.png/)
  })

  it('refuses a file that is not an image, and wrong usage', async () => {
    const text = join(dir, 'logo.png.txt')
    writeFileSync(text, 'not a picture')
    expect(await run('logo', text)).toMatchObject({ code: 1, err: 'Only PNG and JPEG images can be used.' })
    expect((await run('paint')).code).toBe(2)
    expect((await run('create', '--name', 'No slug')).code).toBe(2)
  })
})
