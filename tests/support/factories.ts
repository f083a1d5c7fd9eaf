import { createCampaign } from '../../src/app/campaigns/create-campaign.js'
import type { Deps } from '../../src/app/deps.js'
import { generateOrganiserKeyPair } from '../../src/core/crypto.js'
import type { CampaignTemplate } from '../../src/core/campaign-template.js'
import { findCampaignBySlug } from '../../src/data/campaigns-repo.js'
import type { SignInput } from '../../src/app/signing/sign-campaign.js'

let seq = 0

/** A live campaign from a real template, with its organiser key pair. */
export const insertCampaign = async (
  deps: Deps,
  overrides: { templateId?: string; slug?: string; privacyMode?: 'protected' | 'standard'; goal?: number; deadline?: number | null } = {},
) => {
  const base = deps.templates.find((t) => t.id === (overrides.templateId ?? 'icc-referral-yazidi'))!
  const template: CampaignTemplate = {
    ...base,
    ...(overrides.privacyMode ? { privacyMode: overrides.privacyMode } : {}),
    ...(overrides.goal ? { goal: overrides.goal } : {}),
  }
  const keys = await generateOrganiserKeyPair()
  const slug = overrides.slug ?? `campaign-${++seq}`
  const r = await createCampaign(deps, { template, slug, organiserPublicKey: keys.publicKey, deadline: overrides.deadline ?? null })
  if (!r.ok) throw new Error(r.reason)
  const campaign = (await findCampaignBySlug(deps.db, slug))!
  return { campaign, keys }
}

export const signInput = (slug: string, overrides: Partial<SignInput> = {}): SignInput => ({
  slug,
  name: 'Suzie Example',
  email: `suzie.${++seq}@example.org`,
  country: 'DE',
  postcode: '',
  comment: '',
  consentUpdates: false,
  consentPublicName: false,
  consentShareName: true,
  receipt: false,
  clientIp: '203.0.113.7',
  ...overrides,
})

/** The link in the newest email sent to `to`. */
export const linkFrom = (sent: { to: string; text: string }[], to: string, kind: 's' | 'm'): string => {
  const mail = [...sent].reverse().find((m) => m.to === to)
  if (!mail) throw new Error(`no mail to ${to}`)
  const m = new RegExp(`https?://[^\\s]+/${kind}/([A-Za-z0-9_-]{43})`).exec(mail.text)
  if (!m) throw new Error(`no /${kind}/ link in mail to ${to}`)
  return m[1]!
}
