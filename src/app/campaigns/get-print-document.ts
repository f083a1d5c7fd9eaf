import { findLatestCheckpoint } from '../../data/log-repo.js'
import { findCampaignById } from '../../data/campaigns-repo.js'
import { renderCampaignText } from './render-campaign-text.js'
import type { Deps } from '../deps.js'
import { getCampaignDetails, type CampaignDetails } from './get-campaign-details.js'

export type PrintDocument = { campaign: CampaignDetails; text: string; count: number; checkpointNote: string; verifyUrl: string }

/**
 * The petition as a printable document for hand delivery: the text with the verified count,
 * the signed checkpoint and how to verify it. No names: those go only in the organiser's own
 * delivery, from names they decrypted offline.
 */
export const getPrintDocument = async (deps: Deps, slug: string): Promise<PrintDocument | undefined> => {
  const campaign = await getCampaignDetails(deps, slug)
  if (!campaign) return undefined
  const checkpoint = await findLatestCheckpoint(deps.db, campaign.id)
  if (!checkpoint) return undefined
  const count = checkpoint.adds - checkpoint.withdraws
  const row = await findCampaignById(deps.db, campaign.id)
  return {
    campaign,
    count,
    text: (row && renderCampaignText(deps, row, { signature_count: count.toLocaleString('en') })) ?? campaign.body,
    checkpointNote: checkpoint.note,
    verifyUrl: `${deps.config.siteUrl}/verify/${campaign.id}`,
  }
}
