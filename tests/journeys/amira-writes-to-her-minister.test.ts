import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSmtpMailer } from '../../src/adapters/node/mailer-smtp.js'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { createCampaign } from '../../src/app/campaigns/create-campaign.js'
import { backoffSeconds, deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { recordResponse } from '../../src/app/delivery/record-response.js'
import { runMaintenance } from '../../src/app/operations/run-maintenance.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { getCampaignDetails } from '../../src/app/campaigns/get-campaign-details.js'
import { generateOrganiserKeyPair } from '../../src/core/crypto.js'
import type { CampaignTemplate } from '../../src/core/campaign-template.js'
import { linkFrom, signInput } from '../support/factories.js'
import { createApp } from '../../src/web/app.js'
import { assets } from '../../src/generated/assets.js'
import { startSmtpSink } from '../support/smtp.js'
import { importTestTargets } from '../support/targets.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

/**
 * Amira (Germany), Jean (France) and Noor (the Netherlands) each write to their own justice
 * minister; Sven's minister (Sweden) has no verified address and must never be written to.
 * Everything goes through a real SMTP server on loopback.
 */
let deps: TestDeps
let smtp: Awaited<ReturnType<typeof startSmtpSink>>
let mailer: ReturnType<typeof createSmtpMailer>
const sent: { to: string; text: string }[] = []

beforeAll(async () => {
  smtp = await startSmtpSink()
})
afterAll(() => smtp.stop())
beforeEach(async () => {
  deps = await makeTestDeps()
  mailer = createSmtpMailer(smtp.url)
  // record what went to supporters too, so links can be followed
  deps.mailer = {
    send: async (m: import("../../src/core/ports.js").MailMessage) => {
      await mailer.send(m)
      sent.push({ to: m.to, text: m.text })
    },
  } as never
  smtp.inbox.length = 0
  sent.length = 0
  smtp.rejectRecipientsWith(undefined)
  await importTestTargets(deps, [
    { id: 'de-justice', name: 'Federal Minister of Justice', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'DE', email: 'minister@justice.de.test' },
    { id: 'fr-justice', name: 'Garde des Sceaux', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'FR', email: 'ministre@justice.fr.test' },
    { id: 'nl-justice', name: 'Minister of Justice and Security', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'NL', email: 'minister@justis.nl.test' },
    { id: 'se-justice', name: 'Minister for Justice', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'SE', email: 'minister@justice.se.test', verified: false },
  ])
})
afterEach(() => {
  mailer.close()
  deps.cleanup()
})

const letterCampaign = async (letterMode: 'individual' | 'digest') => {
  const base = deps.templates.find((t) => t.id === 'universal-jurisdiction')!
  const template: CampaignTemplate = { ...base, targeting: [{ kind: 'by_country', roleKey: 'justice_minister' }], delivery: { letterMode, milestones: [] } }
  const pair = await generateOrganiserKeyPair()
  const r = await createCampaign(deps, { template, slug: `uj-${letterMode}`, organiserPublicKey: pair.publicKey })
  if (!r.ok) throw new Error(r.reason)
  return `uj-${letterMode}`
}

const writeAndConfirm = async (slug: string, who: { name: string; email: string; country: string; town: string; comment?: string; replyTo?: boolean }) => {
  const r = await signCampaign(deps, signInput(slug, { ...who, comment: who.comment ?? '', consentReplyTo: who.replyTo ?? false, clientIp: `10.7.${sent.length}.1` }))
  if (!r.ok) return r
  await deliverOutbox(deps)
  const c = await confirmSignature(deps, linkFrom(sent, who.email, 's'))
  await deliverOutbox(deps)
  return c
}

const letters = () => deps.sqlite.sqlite.prepare('select target_id, status, fail_reason, batch_id from letters order by target_id').all() as Record<string, string>[]

describe('letters to each supporter’s own minister', () => {
  it('reach three different ministers with the supporters’ own names and towns; Reply-To only with consent', async () => {
    const slug = await letterCampaign('individual')
    await writeAndConfirm(slug, { name: 'Amira Haddad', email: 'amira@example.org', country: 'DE', town: 'Bielefeld', replyTo: true })
    await writeAndConfirm(slug, { name: 'Jean Martin', email: 'jean@example.org', country: 'FR', town: 'Lyon' })
    await writeAndConfirm(slug, { name: 'Noor Visser', email: 'noor@example.org', country: 'NL', town: 'Utrecht' })

    const toMinisters = smtp.inbox.filter((m) => !m.to.endsWith('@example.org'))
    expect(toMinisters.map((m) => m.to).sort()).toEqual(['minister@justice.de.test', 'minister@justis.nl.test', 'ministre@justice.fr.test'])
    const de = toMinisters.find((m) => m.to === 'minister@justice.de.test')!
    expect(de.text).toContain('Dear Federal Minister of Justice,')
    expect(de.text).toContain('Amira Haddad, Bielefeld')
    expect(de.parsed.replyTo?.text).toBe('amira@example.org')
    const fr = toMinisters.find((m) => m.to === 'ministre@justice.fr.test')!
    expect(fr.text).toContain('Jean Martin, Lyon')
    expect(fr.parsed.replyTo).toBeUndefined()
    expect(fr.text).not.toContain('amira')
    expect(letters().map((l) => l.status)).toEqual(['sent', 'sent', 'sent'])
  })

  it('shows the letter, addressed to her own minister and signed with her name, before she confirms', async () => {
    const slug = await letterCampaign('individual')
    await signCampaign(deps, signInput(slug, { name: 'Amira Haddad', email: 'amira@example.org', country: 'DE', town: 'Bielefeld', comment: 'My aunt was taken in 2014.' }))
    await deliverOutbox(deps)
    const app = createApp({ deps, assets, clientIp: () => undefined })
    const html = await (await app.request(`http://amicus.test/s/${linkFrom(sent, 'amira@example.org', 's')}`)).text()
    expect(html).toContain('To Federal Minister of Justice')
    expect(html).toContain('Dear Federal Minister of Justice,')
    expect(html).toContain('My aunt was taken in 2014.')
    expect(html).toContain('Amira Haddad, Bielefeld')
    expect(html).toContain('Confirm and send')
    expect(smtp.inbox.filter((m) => m.to === 'minister@justice.de.test')).toEqual([]) // nothing before confirming
  })

  it('a minister without a verified address never receives anything, and the reason is recorded', async () => {
    const slug = await letterCampaign('individual')
    await writeAndConfirm(slug, { name: 'Sven Berg', email: 'sven@example.org', country: 'SE', town: 'Malmö' })
    expect(smtp.inbox.filter((m) => m.to === 'minister@justice.se.test')).toEqual([])
    expect(letters()).toMatchObject([{ target_id: 'se-justice', status: 'failed', fail_reason: 'The recipient has no verified email address.' }])
  })

  it('refuses a letter when nobody can receive it for the supporter’s country, storing nothing', async () => {
    const slug = await letterCampaign('individual')
    expect(await signCampaign(deps, signInput(slug, { email: 'x@example.org', country: 'JP', town: 'Osaka' }))).toEqual({ ok: false, reason: 'no_recipient' })
    expect(deps.sqlite.sqlite.prepare('select count(*) n from signatures').get()).toEqual({ n: 0 })
  })

  it('groups near-identical letters into one daily digest per minister; personal letters go on their own', async () => {
    const slug = await letterCampaign('digest')
    for (const [i, name] of ['Amira Haddad', 'Lena Vogel', 'Omar Khalil'].entries()) {
      await writeAndConfirm(slug, { name, email: `de${i}@example.org`, country: 'DE', town: 'Köln' })
    }
    await writeAndConfirm(slug, { name: 'Rania Aziz', email: 'rania@example.org', country: 'DE', town: 'Bonn', comment: 'My cousin is still missing.' })
    const toMinister = () => smtp.inbox.filter((m) => m.to === 'minister@justice.de.test')
    expect(toMinister()).toHaveLength(1) // the personal letter, at once
    expect(toMinister()[0]!.text).toContain('My cousin is still missing.')

    await runMaintenance(deps) // under a day: nothing yet
    await deliverOutbox(deps)
    expect(toMinister()).toHaveLength(1)

    deps.clock.advance(25 * 3600_000)
    await runMaintenance(deps)
    await deliverOutbox(deps)
    expect(toMinister()).toHaveLength(2)
    const digest = toMinister()[1]!
    expect(digest.subject).toMatch(/^3 letters: /)
    for (const n of ['Amira Haddad, Köln', 'Lena Vogel, Köln', 'Omar Khalil, Köln']) expect(digest.text).toContain(n)
    expect(digest.text).not.toContain('Rania')
    // nothing is sent twice
    deps.clock.advance(25 * 3600_000)
    await runMaintenance(deps)
    await deliverOutbox(deps)
    expect(toMinister()).toHaveLength(2)
    expect(letters().every((l) => l.status === 'sent')).toBe(true)
  })

  it('SMTP 4xx then 2xx: retried and delivered once; 5xx: given up, visible on the letter', async () => {
    const slug = await letterCampaign('individual')
    await signCampaign(deps, signInput(slug, { name: 'Amira Haddad', email: 'amira@example.org', country: 'DE', town: 'Bielefeld' }))
    await deliverOutbox(deps)
    smtp.rejectRecipientsWith(451)
    await confirmSignature(deps, linkFrom(sent, 'amira@example.org', 's'))
    expect(await deliverOutbox(deps)).toMatchObject({ retried: 1 })
    smtp.rejectRecipientsWith(undefined)
    deps.clock.advance(backoffSeconds(1) * 1000)
    expect(await deliverOutbox(deps)).toMatchObject({ sent: 1 })
    deps.clock.advance(3600_000)
    await deliverOutbox(deps)
    expect(smtp.inbox.filter((m) => m.to === 'minister@justice.de.test')).toHaveLength(1)

    await signCampaign(deps, signInput(slug, { name: 'Jean Martin', email: 'jean@example.org', country: 'FR', town: 'Lyon' }))
    await deliverOutbox(deps)
    smtp.rejectRecipientsWith(550)
    await confirmSignature(deps, linkFrom(sent, 'jean@example.org', 's'))
    expect(await deliverOutbox(deps)).toMatchObject({ dead: 1 })
    expect(letters().find((l) => l.target_id === 'fr-justice')).toMatchObject({ status: 'failed', fail_reason: 'The mail server refused the message.' })
  })

  it('scrubs letter content after delivery plus the retention period', async () => {
    const slug = await letterCampaign('individual')
    await writeAndConfirm(slug, { name: 'Amira Haddad', email: 'amira@example.org', country: 'DE', town: 'Bielefeld' })
    deps.clock.advance(27 * 86_400_000)
    await runMaintenance(deps)
    expect(deps.sqlite.sqlite.prepare('select status, content_ct from letters').get()).toMatchObject({ status: 'sent' })
    deps.clock.advance(2 * 86_400_000)
    await runMaintenance(deps)
    expect(deps.sqlite.sqlite.prepare('select status, content_ct from letters').get()).toEqual({ status: 'scrubbed', content_ct: null })
  })
})

describe('petition delivery at a milestone', () => {
  it('sends the verified count and the signed checkpoint once; recipients without a verified address are skipped', async () => {
    await importTestTargets(deps, [
      { id: 'unsc-fr', name: 'France', role: 'Permanent Mission of France to the United Nations', roleKey: 'unsc_member', country: 'FR', email: 'mission@fr.un.test' },
      { id: 'unsc-gb', name: 'United Kingdom', role: 'United Kingdom Mission to the United Nations', roleKey: 'unsc_member', country: 'GB' },
    ])
    const base = deps.templates.find((t) => t.id === 'icc-referral-yazidi')!
    const pair = await generateOrganiserKeyPair()
    await createCampaign(deps, { template: { ...base, delivery: { letterMode: 'individual', milestones: [3, 100] } }, slug: 'icc', organiserPublicKey: pair.publicKey })
    for (const i of [1, 2, 3]) {
      await signCampaign(deps, signInput('icc', { email: `p${i}@example.org`, clientIp: `10.8.${i}.1` }))
      await deliverOutbox(deps)
      await confirmSignature(deps, linkFrom(sent, `p${i}@example.org`, 's'))
    }
    await publishEpoch(deps)
    await deliverOutbox(deps)
    const toMission = smtp.inbox.filter((m) => m.to === 'mission@fr.un.test')
    expect(toMission).toHaveLength(1)
    expect(toMission[0]!.subject).toContain('3 verified signatures')
    expect(toMission[0]!.text).toContain('on behalf of 3 signatories')
    expect(toMission[0]!.text).toMatch(/amicus\.test\/log\/[0-9a-f]{32}\n3\n/) // the checkpoint note
    expect(toMission[0]!.text).toContain('/verify/')
    const deliveries = deps.sqlite.sqlite.prepare('select target_id, status, skip_reason from deliveries order by target_id').all()
    expect(deliveries).toEqual([
      { target_id: 'unsc-fr', status: 'sent', skip_reason: null },
      { target_id: 'unsc-gb', status: 'skipped', skip_reason: 'no verified email address' },
    ])
    await publishEpoch(deps)
    await deliverOutbox(deps)
    expect(smtp.inbox.filter((m) => m.to === 'mission@fr.un.test')).toHaveLength(1)
    const page = (await getCampaignDetails(deps, 'icc'))!
    expect(page.recipients).toMatchObject([
      { name: 'France', role: 'Permanent Mission of France to the United Nations', delivered: 1, skipped: false, responded: false },
      { name: 'United Kingdom', role: 'United Kingdom Mission to the United Nations', delivered: 0, skipped: true, responded: false },
    ])
    expect(page.recipients).toHaveLength(2)
  })

  it('each representative learns how many of their own constituents signed, only if at least k did', async () => {
    await importTestTargets(deps, [
      { id: 'mp-leeds', name: 'Member for Leeds Central', role: 'Member of Parliament', roleKey: 'mp', country: 'GB', constituency: 'Leeds Central', email: 'mp@leeds.test' },
      { id: 'mp-bath', name: 'Member for Bath', role: 'Member of Parliament', roleKey: 'mp', country: 'GB', constituency: 'Bath', email: 'mp@bath.test' },
    ])
    const { importPostcodes } = await import('../../src/app/targets/import-postcodes.js')
    const r = await importPostcodes(deps, { text: 'country,postcode,constituency\nGB,LS1 1AA,Leeds Central\nGB,BA1 1AA,Bath\n' })
    expect(r.ok).toBe(true)
    const base = deps.templates.find((t) => t.id === 'recognise-yazidi-genocide')!
    const pair = await generateOrganiserKeyPair()
    await createCampaign(deps, {
      template: { ...base, privacyMode: 'standard', targeting: [{ kind: 'role', roleKey: 'mp' }], delivery: { letterMode: 'individual', milestones: [13] } },
      slug: 'recognise',
      organiserPublicKey: pair.publicKey,
    })
    const people = [...Array.from({ length: 11 }, (_, i) => ['ls1 1aa', `leeds${i}`]), ['BA1 1AA', 'bath0'], ['BA1-1AA', 'bath1']]
    for (const [postcode, who] of people) {
      await signCampaign(deps, signInput('recognise', { email: `${who}@example.org`, country: 'GB', postcode, clientIp: `10.6.${who!.length}.1` }))
    }
    await deliverOutbox(deps)
    for (const [, who] of people) await confirmSignature(deps, linkFrom(sent, `${who}@example.org`, 's'))
    await publishEpoch(deps)
    await deliverOutbox(deps)
    const leeds = smtp.inbox.find((m) => m.to === 'mp@leeds.test')!
    const bath = smtp.inbox.find((m) => m.to === 'mp@bath.test')!
    expect(leeds.text).toContain('From your constituency (Leeds Central): 11 signatures.')
    expect(bath.text).toContain('From your constituency (Bath): fewer than 10 signatures.')
    // the postcode itself is never stored readable
    // (ids, sealed and hashed columns are left out: random hex or base64 may spell anything, e.g. "ba1")
    const readable = deps.sqlite.sqlite.prepare('select country, constituency, status, public_name, quarantine_reason from signatures').all()
    expect(JSON.stringify(readable)).not.toMatch(/LS1|BA1|ls1|ba1/i)
  })

  it('a recorded response is published and opted-in supporters get one update', async () => {
    await importTestTargets(deps, [
      { id: 'unsc-fr', name: 'France', role: 'Permanent Mission of France to the United Nations', roleKey: 'unsc_member', country: 'FR', email: 'mission@fr.un.test' },
    ])
    const base = deps.templates.find((t) => t.id === 'icc-referral-yazidi')!
    const pair = await generateOrganiserKeyPair()
    await createCampaign(deps, { template: base, slug: 'icc', organiserPublicKey: pair.publicKey })
    await signCampaign(deps, signInput('icc', { email: 'wants@example.org', consentUpdates: true, clientIp: '10.9.1.1' }))
    await signCampaign(deps, signInput('icc', { email: 'quiet@example.org', consentUpdates: false, clientIp: '10.9.2.1' }))
    await deliverOutbox(deps)
    await confirmSignature(deps, linkFrom(sent, 'wants@example.org', 's'))
    await confirmSignature(deps, linkFrom(sent, 'quiet@example.org', 's'))
    const r = await recordResponse(deps, { slug: 'icc', targetId: 'unsc-fr', receivedOn: '2026-03-01', summary: 'France supports a referral.' })
    expect(r).toMatchObject({ ok: true, updates: 1 })
    await deliverOutbox(deps)
    const updates = smtp.inbox.filter((m) => m.subject === 'An update')
    expect(updates.map((m) => m.to)).toEqual(['wants@example.org'])
    expect(updates[0]!.text).toContain('France supports a referral.')
    const page = (await getCampaignDetails(deps, 'icc'))!
    expect(page.responses).toEqual([
      { targetName: 'France', targetRole: 'Permanent Mission of France to the United Nations', receivedOn: '2026-03-01', summary: 'France supports a referral.', link: null },
    ])
    expect(page.recipients[0]).toMatchObject({ name: 'France', responded: true })
  })
})
