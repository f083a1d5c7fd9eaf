import type { Breakdown } from '../core/breakdown.js'
import { isOpenForSignatures, isPublic } from '../core/campaign.js'
import { findCampaignBySlug, listPublicCampaigns, type CampaignRow } from '../data/campaigns-repo.js'
import { findLatestReleasedStats } from '../data/log-repo.js'
import { listPublicNames } from '../data/signatures-repo.js'
import type { Deps } from './deps.js'
import { logIdentity } from './log-identity.js'

export type CampaignSummary = {
  id: string
  slug: string
  title: string
  summary: string
  addressee: string
  count: number
  status: string
  createdAt: number
}

export type CampaignDetails = CampaignSummary & {
  kind: 'petition' | 'letter'
  body: string
  goal: number
  privacyMode: 'protected' | 'standard'
  targets: { name: string; role: string }[]
  sources: { title: string; publisher: string; date: string }[]
  open: boolean
  treeSize: number
  vkey: string
  epochMinutes: number
  breakdown: (Breakdown & { releasedAt: number }) | undefined
  publicNames: string[]
}

const summarise = (c: CampaignRow): CampaignSummary => ({
  id: c.id,
  slug: c.slug,
  title: c.title,
  summary: c.summary,
  addressee: c.addressee,
  count: c.publishedCount,
  status: c.status,
  createdAt: c.createdAt,
})

export const listCampaignSummaries = async (deps: Deps): Promise<CampaignSummary[]> =>
  (await listPublicCampaigns(deps.db)).map(summarise)

/** What the public campaign page shows: no drafts, no names in protected mode, breakdowns only as released. */
export const getCampaignDetails = async (deps: Deps, slug: string): Promise<CampaignDetails | undefined> => {
  const c = await findCampaignBySlug(deps.db, slug)
  if (!c || !isPublic(c)) return undefined
  const stats = await findLatestReleasedStats(deps.db, c.id, 'country')
  const names = c.privacyMode === 'standard' && c.purgedAt === null ? await listPublicNames(deps.db, c.id, 50) : []
  return {
    ...summarise(c),
    kind: c.kind,
    body: c.body,
    goal: c.goal,
    privacyMode: c.privacyMode,
    targets: JSON.parse(c.targetsJson) as CampaignDetails['targets'],
    sources: JSON.parse(c.sourcesJson) as CampaignDetails['sources'],
    open: isOpenForSignatures(c, deps.clock.now()),
    treeSize: c.publishedTreeSize,
    vkey: logIdentity(deps).vkey,
    epochMinutes: Math.max(1, Math.round(deps.config.epochSeconds / 60)),
    breakdown: stats ? { ...(JSON.parse(stats.payloadJson) as Breakdown), releasedAt: stats.releasedAt } : undefined,
    publicNames: names,
  }
}
