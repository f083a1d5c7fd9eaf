import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSmtpMailer } from '../../../src/adapters/node/mailer-smtp.js'
import { createUser } from '../../../src/app/accounts/create-user.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { sendSupporterUpdate } from '../../../src/app/delivery/send-supporter-update.js'
import { confirmSignature } from '../../../src/app/signing/confirm-signature.js'
import { signCampaign } from '../../../src/app/signing/sign-campaign.js'
import { fromWithName, maskEmail } from '../../../src/core/email.js'
import { english, translatorFor } from '../../../src/core/i18n.js'
import { insertCampaign, insertOrganisation, linkFrom, signInput } from '../../support/factories.js'
import { startSmtpSink } from '../../support/smtp.js'
import { importTestTargets } from '../../support/targets.js'
import { createCampaign } from '../../../src/app/campaigns/create-campaign.js'
import type { CampaignTemplate } from '../../../src/core/campaign-template.js'
import { generateOrganiserKeyPair } from '../../../src/core/crypto.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

/**
 * Supporter emails as a mail client receives them: over real SMTP on loopback, parsed with
 * mailparser. From the organisation's name, HTML and text saying the same, a button-style link,
 * a footer naming who sent it, nothing loaded from anywhere.
 */
let deps: TestDeps
let smtp: Awaited<ReturnType<typeof startSmtpSink>>
let mailer: ReturnType<typeof createSmtpMailer>
const sent: { to: string; text: string }[] = []
let orgSlug: string

beforeAll(async () => {
  smtp = await startSmtpSink()
  deps = await makeTestDeps()
  mailer = createSmtpMailer(smtp.url)
  deps.mailer = {
    send: async (m: import('../../../src/core/ports.js').MailMessage) => {
      await mailer.send(m)
      sent.push({ to: m.to, text: m.text })
    },
  } as never
  orgSlug = (await insertOrganisation(deps, { name: 'Justice for Yazidis', contactEmail: 'privacy@justice.example.org' })).slug
})
afterAll(async () => {
  mailer.close()
  await smtp.stop()
  deps.cleanup()
})

const mailTo = (to: string) => [...smtp.inbox].reverse().find((m) => m.to === to)!
const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from

describe('supporter emails over SMTP', () => {
  it('the confirmation comes from the organisation’s name, in HTML and text, with a button and a footer', async () => {
    const { campaign } = await insertCampaign(deps, { privacyMode: 'standard' })
    await signCampaign(deps, signInput(campaign.slug, { email: 'layla@example.org' }))
    await deliverOutbox(deps)
    const m = mailTo('layla@example.org')
    const from = m.parsed.from!.value[0]!
    expect(from.name).toBe('Justice for Yazidis')
    expect(from.address).toBe(addressOf(deps.config.mailFrom))
    const en = english()
    expect(m.subject).toBe(en.t('email.confirm.subject', { title: campaign.title }))
    const link = `${deps.config.siteUrl}/s/${linkFrom(sent, 'layla@example.org', 's')}?lang=en`
    const html = m.parsed.html as string
    // a button-style link: an anchor with inline styles, its words the action
    expect(html).toMatch(new RegExp(`<a href="${link.replace(/[.?]/g, '\\$&')}" style="display:inline-block;[^"]*">${en.t('flow.email.confirm.button')}</a>`))
    const privacy = `${deps.config.siteUrl}/privacy/${orgSlug}`
    for (const part of [html, m.text]) {
      expect(part).toContain(link)
      expect(part).toContain(en.t('flow.email.footer.from', { organisation: 'Justice for Yazidis' }))
      expect(part).toContain('privacy@justice.example.org')
      expect(part).toContain(privacy)
    }
    expect(m.text).toContain(`${en.t('flow.email.footer.privacy')}: ${privacy}`)
    // inline styles only, nothing fetched: no images, style sheets, scripts or remote sources
    expect(html).not.toMatch(/<img|<link|<script|<style|src=|url\(/i)
    expect(m.parsed.attachments).toEqual([])
  })

  it('a letter campaign’s confirmation asks to confirm the letter; Arabic reads right to left in both parts', async () => {
    await importTestTargets(deps, [
      { id: 'de-justice', name: 'Federal Minister of Justice', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'DE', email: 'minister@justice.de.test' },
    ])
    const base = deps.templates.find((t) => t.id === 'universal-jurisdiction')!
    const template: CampaignTemplate = { ...base, privacyMode: 'standard', targeting: [{ kind: 'by_country', roleKey: 'justice_minister' }] }
    const r = await createCampaign(deps, { template, slug: 'letters-ar', organiserPublicKey: (await generateOrganiserKeyPair()).publicKey })
    if (!r.ok) throw new Error(r.reason)
    expect(await signCampaign(deps, signInput('letters-ar', { email: 'amal@example.org', country: 'DE', town: 'Erbil', language: 'ar' }))).toEqual({ ok: true })
    await deliverOutbox(deps)
    const m = mailTo('amal@example.org')
    const ar = translatorFor('ar')
    expect(m.subject).toContain(ar.t('flow.email.confirmLetter.subject', { title: '' }).trim())
    expect(m.parsed.html).toContain('<html lang="ar" dir="rtl">')
    expect(m.parsed.html).toContain(ar.t('flow.email.confirmLetter.button'))
    expect(m.text).toContain(ar.t('flow.email.confirmLetter.button'))
    expect(m.text).toContain(ar.t('flow.email.footer.from', { organisation: 'Justice for Yazidis' }))
  })

  it('a protected campaign keeps the neutral subject and sender; the title and footer stay inside', async () => {
    const { campaign } = await insertCampaign(deps, { privacyMode: 'protected' })
    await signCampaign(deps, signInput(campaign.slug, { email: 'hidden@example.org' }))
    await deliverOutbox(deps)
    const m = mailTo('hidden@example.org')
    expect(m.subject).toBe(english().t('email.confirm.subjectProtected'))
    expect(m.subject).not.toContain(campaign.title)
    expect(m.parsed.from!.value[0]!.name).not.toContain('Justice')
    expect(m.parsed.from!.value[0]!.address).toBe(addressOf(deps.config.mailFromProtected))
    expect(m.text).toContain(campaign.title)
  })

  it('updates carry RFC 8058 one-click unsubscribe headers and the footer, in both parts', async () => {
    const admin = await createUser(deps, { email: 'admin@example.org', name: 'Admin', role: 'admin' })
    if (!admin.ok) throw new Error('user')
    const { campaign } = await insertCampaign(deps, { privacyMode: 'standard' })
    await signCampaign(deps, signInput(campaign.slug, { email: 'fan@example.org', consentUpdates: true }))
    await deliverOutbox(deps)
    await confirmSignature(deps, linkFrom(sent, 'fan@example.org', 's'))
    await sendSupporterUpdate(deps, { id: admin.id, role: 'admin' }, { campaignId: campaign.id, subject: 'The trial opens', text: 'The court sits on Monday.' })
    await deliverOutbox(deps)
    const m = mailTo('fan@example.org')
    expect(m.subject).toBe('The trial opens')
    // headers may be folded onto a second line
    expect(m.raw).toMatch(/^List-Unsubscribe:\s+<http:\/\/amicus\.test\/u\/[0-9a-f]{32}\.[A-Za-z0-9_-]{43}>\r?$/m)
    expect(m.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m)
    expect(m.parsed.from!.value[0]!.name).toBe('Justice for Yazidis')
    for (const part of [m.parsed.html as string, m.text]) {
      expect(part).toContain('The court sits on Monday.')
      expect(part).toContain(english().t('flow.email.footer.from', { organisation: 'Justice for Yazidis' }))
    }
  })
})

describe('addresses shown and sent from', () => {
  it('masks an address for the person who typed it', () => {
    expect(maskEmail('layla@example.org')).toBe('l•••@e•••.org')
    expect(maskEmail('a@mail.example.co.uk')).toBe('a•••@m•••.uk')
    expect(maskEmail('ë@xn--bcher-kva.de')).toBe('ë•••@x•••.de')
    expect(maskEmail('no-at-sign')).toBe('•••')
  })

  it('puts a display name on the sending address, and nothing that could end or split the header', () => {
    expect(fromWithName('Justice for Yazidis', 'noreply@amicus.test')).toBe('"Justice for Yazidis" <noreply@amicus.test>')
    expect(fromWithName('Justice', 'Amicus <noreply@amicus.test>')).toBe('"Justice" <noreply@amicus.test>')
    expect(fromWithName('Evil"\r\nBcc: x@y.z <a@b>', 'noreply@amicus.test')).toBe('"Evil Bcc: x@y.z a@b" <noreply@amicus.test>')
    expect(fromWithName('\u202e', 'noreply@amicus.test')).toBe('noreply@amicus.test')
  })
})
