import type { Actor } from '../../core/access.js'
import { canManageCampaign } from '../../core/access.js'
import { equalBytes, toHex, utf8, fromHex } from '../../core/bytes.js'
import { hmacSha256 } from '../../core/crypto.js'
import { KEY_TAIL_LENGTH } from '../../core/key-file.js'
import { findCampaignById, setKeyKeptQuery } from '../../data/campaigns-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

/**
 * What the server keeps to check a kept key: an HMAC, under a key derived from the app secret, of
 * the campaign and the key's last ten characters — never the key. Ten base64 characters are 60
 * bits of a 256-bit key; without the app secret they cannot even be tried offline.
 */
export const keyTailCheck = (deps: Pick<Deps, 'keys'>, campaignId: string, tail: string): string =>
  toHex(hmacSha256(deps.keys.csrfKey, utf8(`amicus-key-kept/v1|${campaignId}|${tail}`)))

export type ConfirmKeyKeptResult = { ok: true } | { ok: false; reason: 'not_found' | 'wrong_characters' | 'not_needed' }

/**
 * The organiser proves they kept the key handed out when the campaign started, by giving its last
 * characters (typed, or read from the key file by the page's script): until then the campaign
 * cannot be submitted (transition-campaign.ts), so nobody signs a campaign whose names no one can open.
 */
export const confirmKeyKept = async (deps: Deps, actor: Actor, input: { campaignId: string; tail: string }): Promise<ConfirmKeyKeptResult> => {
  const c = await findCampaignById(deps.db, input.campaignId)
  if (!c || !canManageCampaign(actor, c)) return { ok: false, reason: 'not_found' }
  if (c.keyTailCheck === null) return { ok: false, reason: 'not_needed' }
  const tail = input.tail.trim()
  const given = fromHex(keyTailCheck(deps, c.id, tail))
  if (tail.length !== KEY_TAIL_LENGTH || !equalBytes(given, fromHex(c.keyTailCheck))) return { ok: false, reason: 'wrong_characters' }
  await deps.atomic([setKeyKeptQuery(deps.db, c.id, nowSeconds(deps))])
  return { ok: true }
}
