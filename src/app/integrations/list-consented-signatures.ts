import type { Breakdown } from '../../core/breakdown.js'
import { sha256Hex } from '../../core/crypto.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import { countPublicNames, listPublicNamePage } from '../../data/exports-repo.js'
import { findLatestReleasedStats } from '../../data/log-repo.js'
import type { Deps } from '../deps.js'

export type ConsentedSignatures = {
  count: number
  treeSize: number
  breakdown: (Breakdown & { releasedAt: number }) | undefined
  /** Only names signers agreed to show publicly; a pseudonym stands in for the row id. */
  records: { pseudonym: string; name: string }[]
  totalRecords: number
  aggregateOnly: boolean
}

/**
 * What an integration may know about a campaign's signers: the published count and the released
 * breakdown, and — in standard campaigns only — the names signers asked to have shown publicly.
 * Protected campaigns give counts only. The pseudonym is a hash of the row id, stable for a
 * signer but not the id itself.
 */
export const listConsentedSignatures = async (
  deps: Deps,
  campaign: CampaignRow,
  page: { offset: number; limit: number },
): Promise<ConsentedSignatures> => {
  const stats = await findLatestReleasedStats(deps.db, campaign.id, 'country')
  const aggregateOnly = campaign.privacyMode === 'protected'
  const [rows, totalRecords] = aggregateOnly
    ? [[], 0]
    : await Promise.all([listPublicNamePage(deps.db, campaign.id, page.offset, page.limit), countPublicNames(deps.db, campaign.id)])
  return {
    count: campaign.publishedCount,
    treeSize: campaign.publishedTreeSize,
    breakdown: stats ? { ...(JSON.parse(stats.payloadJson) as Breakdown), releasedAt: stats.releasedAt } : undefined,
    records: rows.map((r) => ({ pseudonym: sha256Hex(`signature-pseudonym|${campaign.id}|${r.id}`).slice(0, 32), name: r.name! })),
    totalRecords,
    aggregateOnly,
  }
}
