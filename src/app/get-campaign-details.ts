import type { Breakdown } from '../core/breakdown.js'
import { isOpenForSignatures } from '../core/campaign.js'
import { listPublicCampaigns, listTranslations, type CampaignRow } from '../data/campaigns-repo.js'
import { findPublicCampaign } from './find-public-campaign.js'
import { isLanguage, LANGUAGES, negotiateLanguage } from '../core/languages.js'
import { findLatestReleasedStats } from '../data/log-repo.js'
import { listPublicNames } from '../data/signatures-repo.js'
import { listTargetRules, listTargetsByIds } from '../data/targeting-repo.js'
import { listDeliveries, listResponses } from '../data/deliveries-repo.js'
import { resolveTargets } from './resolve-targets.js'
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
  templateId: string | null
  siteUrl: string
  /** The language shown, its direction, and every language the campaign is available in. */
  language: string
  dir: 'ltr' | 'rtl'
  languages: string[]
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
  /** Letter campaigns that find the recipient from the postcode ask for it. */
  targetsByPostcode: boolean
  responses: { targetName: string; targetRole: string; receivedOn: string; summary: string; link: string | null }[]
  /** Petitions: each fixed recipient, whether it was delivered to and whether it responded. */
  recipients: { name: string; role: string; delivered: number; skipped: boolean; responded: boolean }[]
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
export const getCampaignDetails = async (
  deps: Deps,
  slug: string,
  lang: { requested?: string; acceptLanguage?: string } = {},
): Promise<CampaignDetails | undefined> => {
  const c = await findPublicCampaign(deps, slug)
  if (!c) return undefined
  const translations = await listTranslations(deps.db, c.id)
  const languages = [c.language, ...translations.map((t) => t.language)]
  const chosen =
    (lang.requested && languages.includes(lang.requested) ? lang.requested : undefined) ??
    negotiateLanguage(lang.acceptLanguage, languages) ??
    c.language
  const tr = translations.find((t) => t.language === chosen)
  const stats = await findLatestReleasedStats(deps.db, c.id, 'country')
  const names = c.privacyMode === 'standard' && c.purgedAt === null ? await listPublicNames(deps.db, c.id, 50) : []
  return {
    ...summarise(c),
    ...(tr ? { title: tr.title, summary: tr.summary } : {}),
    templateId: c.templateId,
    language: chosen,
    dir: isLanguage(chosen) ? LANGUAGES[chosen].dir : 'ltr',
    languages,
    siteUrl: deps.config.siteUrl,
    kind: c.kind,
    body: tr?.body ?? c.body,
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
    targetsByPostcode: (await listTargetRules(deps.db, c.id)).some((r) => r.kind === 'by_constituency'),
    ...(await recipientsAndResponses(deps, c)),
  }
}

const recipientsAndResponses = async (deps: Deps, c: CampaignRow) => {
  const [responses, deliveries] = await Promise.all([listResponses(deps.db, c.id), listDeliveries(deps.db, c.id)])
  const named = new Map((await listTargetsByIds(deps.db, [...new Set(responses.map((r) => r.targetId))])).map((t) => [t.id, t]))
  const responded = new Set(responses.map((r) => r.targetId))
  const recipients =
    c.kind === 'petition'
      ? (await resolveTargets(deps, c.id)).map((t) => {
          const mine = deliveries.filter((d) => d.targetId === t.id)
          return {
            name: t.name,
            role: t.role,
            delivered: mine.filter((d) => d.status === 'sent').length,
            skipped: mine.length > 0 && mine.every((d) => d.status === 'skipped'),
            responded: responded.has(t.id),
          }
        })
      : []
  return {
    recipients,
    responses: responses.map((r) => ({
      targetName: named.get(r.targetId)?.name ?? r.targetId,
      targetRole: named.get(r.targetId)?.role ?? '',
      receivedOn: r.receivedOn,
      summary: r.summary,
      link: r.link,
    })),
  }
}
