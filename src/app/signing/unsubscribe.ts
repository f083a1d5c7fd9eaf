import { equalBytes, toBase64Url, utf8 } from '../../core/bytes.js'
import { hmacSha256 } from '../../core/crypto.js'
import { findCampaignById, type CampaignRow } from '../../data/campaigns-repo.js'
import { findSignatureById, unsubscribeQuery } from '../../data/signatures-repo.js'
import type { Deps } from '../deps.js'
import type { CampaignKeys } from '../campaigns/load-campaign-keys.js'
import { loadCampaignKeys } from '../campaigns/load-campaign-keys.js'

/**
 * Unsubscribe links need no stored token: `<signature id>.<HMAC under the campaign's contact
 * key>`. They stop working when the campaign's keys are purged, like everything else.
 */
export const unsubscribeToken = (keys: CampaignKeys, signatureId: string): string =>
  `${signatureId}.${toBase64Url(hmacSha256(keys.contact, `unsubscribe|${signatureId}`))}`

export type UnsubscribeResult = { ok: true; campaignTitle: string; campaign: CampaignRow } | { ok: false; reason: 'invalid_token' }

const parse = (token: string) => /^([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/.exec(token)

/** Checks a link; with `apply`, stops updates and erases the contact address at once. */
export const unsubscribe = async (deps: Deps, token: string, apply: boolean): Promise<UnsubscribeResult> => {
  const m = parse(token)
  if (!m) return { ok: false, reason: 'invalid_token' }
  const sig = await findSignatureById(deps.db, m[1]!)
  const campaign = sig ? await findCampaignById(deps.db, sig.campaignId) : undefined
  const keys = campaign ? await loadCampaignKeys(deps, campaign) : undefined
  if (!sig || !campaign || !keys) return { ok: false, reason: 'invalid_token' }
  // Compare canonical encodings: a tampered, non-canonical MAC simply does not match.
  if (!equalBytes(utf8(m[2]!), utf8(unsubscribeToken(keys, sig.id).split('.')[1]!))) return { ok: false, reason: 'invalid_token' }
  if (apply) await deps.atomic([unsubscribeQuery(deps.db, sig.id)])
  return { ok: true, campaignTitle: campaign.title, campaign }
}
