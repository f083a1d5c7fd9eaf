import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCampaign } from '../../../src/app/campaigns/create-campaign.js'
import { confirmSignature } from '../../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { signCampaign } from '../../../src/app/signing/sign-campaign.js'
import { parseConfig } from '../../../src/config.js'
import type { CampaignTemplate } from '../../../src/core/campaign-template.js'
import { generateOrganiserKeyPair } from '../../../src/core/crypto.js'
import { runCli } from '../../../src/entry/cli.js'
import { buildNodeRuntime } from '../../../src/entry/node-server.js'
import { linkFrom, signInput } from '../../support/factories.js'
import { importTestTargets } from '../../support/targets.js'
import { memoryMailer, TEST_SECRET } from '../../support/test-deps.js'

describe('amicus deliveries', () => {
  it('shows a protected campaign’s letters as the dashboard does: a single letter never, before or after the epoch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amicus-cli-deliveries-'))
    const env = { NODE_ENV: 'test', DATA_DIR: dir, APP_SECRET: TEST_SECRET, SITE_URL: 'http://amicus.test', LOG_LEVEL: 'silent', BREAKDOWN_K_PROTECTED: '3' }
    const mailer = memoryMailer()
    const rt = await buildNodeRuntime(parseConfig(env), { mailer })
    const deliveries = async () => {
      const out: string[] = []
      expect(await runCli(['deliveries', 'uj-protected'], { out: (l) => out.push(l), err: () => {}, fetch, env })).toBe(0)
      return out.join('\n')
    }
    try {
      await importTestTargets(rt.deps, [
        { id: 'fr-justice', name: 'Garde des Sceaux', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'FR', email: 'ministre@justice.fr.test' },
      ])
      const base = rt.deps.templates.find((t) => t.id === 'universal-jurisdiction')!
      const template: CampaignTemplate = {
        ...base,
        privacyMode: 'protected',
        targeting: [{ kind: 'by_country', roleKey: 'justice_minister' }],
        delivery: { letterMode: 'individual', milestones: [] },
      }
      const r = await createCampaign(rt.deps, { template, slug: 'uj-protected', organiserPublicKey: (await generateOrganiserKeyPair()).publicKey })
      if (!r.ok) throw new Error(r.reason)
      const input = signInput('uj-protected', { country: 'FR' })
      expect(await signCampaign(rt.deps, input)).toEqual({ ok: true })
      await deliverOutbox(rt.deps)
      expect((await confirmSignature(rt.deps, linkFrom(mailer.sent, input.email, 's'))).ok).toBe(true)
      await deliverOutbox(rt.deps)

      expect(await deliveries()).not.toContain('fr-justice')
      await publishEpoch(rt.deps)
      const out = await deliveries()
      expect(out).not.toContain('fr-justice')
      expect(out).toContain('fewer than 3 letters are withheld')
    } finally {
      rt.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
