import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { exportSealedStatements } from '../../src/app/integrations/export-sealed-statements.js'
import { logIdentity } from '../../src/app/log/log-identity.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { withdrawSignature } from '../../src/app/signing/withdraw-signature.js'
import { fromHex } from '../../src/core/bytes.js'
import { formatCheckpointBody, makeVerifierKey, signNote } from '../../src/core/checkpoint.js'
import { encodeLeaf } from '../../src/core/log-leaf.js'
import { leafHash, rootFromLeafHashes } from '../../src/core/merkle.js'
import { runCli } from '../../src/entry/cli.js'
import { formatKeyFile } from '../../src/core/key-file.js'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { insertCampaign, linkFrom, signInput } from '../support/factories.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
let slug: string
let campaignId: string
let orgKeyFile: string
let orgPrivateKey: string
let tmp: string
let firstCheckpoint: string
let receipt: string

const run = async (argv: string[]) => {
  const out: string[] = []
  const err: string[] = []
  const app = createApp({ deps, assets, clientIp: () => '192.0.2.1' })
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => app.request(String(input), init)) as typeof fetch,
    env: {},
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

beforeAll(async () => {
  deps = await makeTestDeps()
  tmp = mkdtempSync(join(tmpdir(), 'amicus-cli-'))
  const { campaign, keys } = await insertCampaign(deps)
  slug = campaign.slug
  campaignId = campaign.id
  orgKeyFile = join(tmp, 'organiser.key')
  writeFileSync(orgKeyFile, keys.privateKey)
  orgPrivateKey = keys.privateKey
  const emails = ['a@example.org', 'b@example.org', 'c@example.org']
  for (const e of emails) await signCampaign(deps, signInput(slug, { email: e, receipt: true, consentShareName: e !== 'c@example.org', name: `Name ${e[0]}` }))
  await deliverOutbox(deps)
  const confirmed = []
  for (const e of emails) confirmed.push(await confirmSignature(deps, linkFrom(deps.mailer.sent, e, 's')))
  await publishEpoch(deps)
  firstCheckpoint = (deps.sqlite.sqlite.prepare('select note from checkpoints where campaign_id = ? order by tree_size desc').get(campaignId) as { note: string }).note
  const c0 = confirmed[0]!
  const c2 = confirmed[2]!
  if (!c0.ok || !c2.ok) throw new Error('confirm failed')
  receipt = c0.receipt!
  await withdrawSignature(deps, c2.manageToken)
  await publishEpoch(deps)
})
afterAll(() => deps.cleanup())

describe('amicus verify', () => {
  it('verifies a campaign URL against the pinned key and prints the count', async () => {
    const r = await run(['verify', `http://amicus.test/c/${slug}`, '--key', logIdentity(deps).vkey, '--receipt', receipt])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/adds\s+3/)
    expect(r.out).toMatch(/withdraws\s+1/)
    expect(r.out).toMatch(/count\s+2/)
    expect(r.out).toMatch(/receipt\s+leaf \d, counted, inclusion proven/)
  })

  it('accepts an exported bundle file and remembers checkpoints with --state', async () => {
    const file = join(tmp, 'bundle.json')
    writeFileSync(file, await (await createApp({ deps, assets, clientIp: () => undefined }).request(`/log/${campaignId}/bundle`)).text())
    const state = join(tmp, 'state')
    expect((await run(['verify', file, '--key', logIdentity(deps).vkey, '--state', state])).code).toBe(0)
    expect((await run(['verify', file, '--key', logIdentity(deps).vkey, '--state', state])).out).toMatch(/1 archived checkpoints/)
  })

  it.each([
    ['a rewritten leaf', (b: any) => void (b.leaves[0].commitment = 'ab'.repeat(32))],
    ['a dropped leaf', (b: any) => void b.leaves.pop()],
    ['reordered leaves', (b: any) => void b.leaves.reverse()],
    ['a tampered checkpoint', (b: any) => void (b.checkpoints.at(-1).note = b.checkpoints.at(-1).note.replace(/\n\d+\n/, '\n9\n'))],
    ['a withdraw without an add', (b: any) => void (b.leaves.find((l: any) => l.type === 'withdraw').commitment = 'cd'.repeat(32))],
  ])('rejects %s (exit 1)', async (_name, tamper) => {
    const bundle = JSON.parse(await (await createApp({ deps, assets, clientIp: () => undefined }).request(`/log/${campaignId}/bundle`)).text())
    tamper(bundle)
    const file = join(tmp, `tampered-${Math.random()}.json`)
    writeFileSync(file, JSON.stringify(bundle))
    const r = await run(['verify', file, '--key', logIdentity(deps).vkey])
    expect(r.code).toBe(1)
    expect(r.err).toContain('VERIFICATION FAILED')
  })

  it('rejects the log under a different pinned key', async () => {
    const otherKey = makeVerifierKey('amicus.test', new Uint8Array(32).fill(7))
    const r = await run(['verify', `http://amicus.test/c/${slug}`, '--key', otherKey])
    expect(r.code).toBe(1)
  })

  it('rejects a log rewritten after a checkpoint archived elsewhere', async () => {
    const archived = join(tmp, 'archived.note')
    writeFileSync(archived, firstCheckpoint)
    const ok = await run(['verify', `http://amicus.test/c/${slug}`, '--key', logIdentity(deps).vkey, '--checkpoint', archived])
    expect(ok.code).toBe(0)
    // the operator rewrites history: replaces a leaf and re-signs a fresh checkpoint with the real key
    const bundle = JSON.parse(await (await createApp({ deps, assets, clientIp: () => undefined }).request(`/log/${campaignId}/bundle`)).text())
    const withdrawn = bundle.leaves.find((l: any) => l.type === 'withdraw').commitment
    bundle.leaves.find((l: any) => l.type === 'add' && l.commitment !== withdrawn).commitment = 'ef'.repeat(32)
    const hashes = bundle.leaves.map((l: any) =>
      leafHash(encodeLeaf({ type: l.type, campaignId, commitment: fromHex(l.commitment) })),
    )
    const id = logIdentity(deps)
    const note = signNote(formatCheckpointBody({ origin: bundle.origin, treeSize: hashes.length, root: rootFromLeafHashes(hashes) }), id)
    const file = join(tmp, 'rewritten.json')
    writeFileSync(file, JSON.stringify({ ...bundle, checkpoints: [{ treeSize: hashes.length, note }] }))
    // on its own the rewritten log is self-consistent…
    expect((await run(['verify', file, '--key', id.vkey])).code).toBe(0)
    // …but not with the checkpoint archived before the rewrite
    const r = await run(['verify', file, '--key', id.vkey, '--checkpoint', archived])
    expect(r.err).toContain('VERIFICATION FAILED')
    expect(r.code).toBe(1)
  })
})

describe('amicus decrypt', () => {
  it('opens an export offline and lists only signers who agreed to share their name', async () => {
    const exp = await exportSealedStatements(deps, slug)
    if (!exp.ok) throw new Error('export failed')
    const file = join(tmp, 'export.json')
    writeFileSync(file, JSON.stringify(exp.export))
    const outFile = join(tmp, 'names.csv')
    const r = await run(['decrypt', '--key', orgKeyFile, file, '--out', outFile])
    expect(r.code).toBe(0)
    const csv = readFileSync(outFile, 'utf8')
    expect(csv.split('\r\n')[0]).toBe('name,country,postcode,comment')
    expect(csv).toContain('Name a')
    expect(csv).toContain('Name b')
    expect(csv).not.toContain('Name c') // withdrawn, and did not consent
    const wrong = join(tmp, 'wrong.key')
    writeFileSync(wrong, 'kbNe5SXhNMLPJSQvgWNn/3Zh1/cU5Aww9FRvDCyBdMs=')
    expect((await run(['decrypt', '--key', wrong, file])).code).toBe(1)
  })

  it('reads the key file the workspace offers, locked with a passphrase from a file, and names a key of another campaign', async () => {
    const exp = await exportSealedStatements(deps, slug)
    if (!exp.ok) throw new Error('export failed')
    const file = join(tmp, 'export-2.json')
    writeFileSync(file, JSON.stringify(exp.export))
    const about = { id: campaignId, slug, title: 'A campaign', address: `http://amicus.test/c/${slug}` }
    const locked = join(tmp, `${slug}.amicus-key`)
    writeFileSync(locked, await formatKeyFile({ privateKey: orgPrivateKey, campaign: about, createdOn: '2026-03-02', passphrase: 'a long passphrase' }))
    const passFile = join(tmp, 'passphrase.txt')
    writeFileSync(passFile, 'a long passphrase\n')
    const r = await run(['decrypt', '--key', locked, file, '--passphrase-file', passFile])
    expect(r.code).toBe(0)
    expect(r.out).toContain('Name a')
    const withoutPassphrase = await run(['decrypt', '--key', locked, file])
    expect(withoutPassphrase.code).toBe(1)
    expect(withoutPassphrase.err).toContain('locked with a passphrase')
    const other = join(tmp, 'other.amicus-key')
    writeFileSync(other, await formatKeyFile({ privateKey: orgPrivateKey, campaign: { ...about, id: 'b'.repeat(32) }, createdOn: '2026-03-02' }))
    const wrongCampaign = await run(['decrypt', '--key', other, file])
    expect(wrongCampaign.code).toBe(1)
    expect(wrongCampaign.err).toContain(`for campaign ${'b'.repeat(32)}`)
  }, 20_000)
})
