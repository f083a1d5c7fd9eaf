import type { Breakdown } from '../../core/breakdown.js'
import { isOpenForSignatures } from '../../core/campaign.js'
import { listPublicCampaigns, listTitlesInLanguage, listTranslations, type CampaignRow } from '../../data/campaigns-repo.js'
import { findPublicCampaign } from './find-public-campaign.js'
import { isLanguage, LANGUAGES, negotiateLanguage } from '../../core/languages.js'
import { findLatestReleasedStats } from '../../data/log-repo.js'
import { listPublicNames } from '../../data/signatures-repo.js'
import { listTargetRules, listTargetsByIds } from '../../data/targeting-repo.js'
import { listDeliveries, listResponses } from '../../data/deliveries-repo.js'
import { resolveTargets } from '../targets/resolve-targets.js'
import type { Deps } from '../deps.js'
import { logIdentity } from '../log/log-identity.js'
import { campaignPageGeneration, campaignPageKey } from './forget-campaign-page.js'
import { findOrganisationProfile } from '../organisations/find-organisation-profile.js'
import { imagePath, type OrganisationProfile } from '../../core/organisation.js'
import { findImageMeta } from '../../data/organisations-repo.js'
import { readTranslations, sortRecipients } from '../../core/target-record.js'

export type CampaignSummary = {
  id: string
  slug: string
  title: string
  summary: string
  addressee: string
  count: number
  status: string
  createdAt: number
  /** The language the title and summary are in, and the campaign's own language. */
  language: string
  originalLanguage: string
}

export type CampaignDetails = CampaignSummary & {
  templateId: string | null
  siteUrl: string
  /** The language shown (see CampaignSummary), its direction, and every language the campaign is available in. */
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
  /**
   * Petitions: each fixed recipient, whether it was delivered to and whether it responded; in
   * reading order (permanent Security Council members first, then by name), with the name and
   * role in other languages where the directory has them (language → text).
   */
  recipients: {
    name: string
    role: string
    names: Record<string, string>
    roles: Record<string, string>
    delivered: number
    skipped: boolean
    responded: boolean
  }[]
  /** Who runs it (its own organisation, else the site's); undefined only while none exists. */
  organisation: OrganisationProfile | undefined
  /** When signing closes (epoch seconds), if the organiser set a deadline. */
  deadline: number | null
  /** The campaign's image, with its required alternative text. */
  image: { url: string; alt: string; width: number; height: number } | undefined
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
  language: c.language,
  originalLanguage: c.language,
})

/** Every public campaign, with its title and summary in `language` where it has been translated into it. */
export const listCampaignSummaries = async (deps: Deps, language?: string): Promise<CampaignSummary[]> => {
  const [rows, translated] = await Promise.all([
    listPublicCampaigns(deps.db),
    language ? listTitlesInLanguage(deps.db, language) : Promise.resolve([]),
  ])
  const byCampaign = new Map(translated.map((t) => [t.campaignId, t]))
  return rows.map((c) => {
    const tr = c.language === language ? undefined : byCampaign.get(c.id)
    return { ...summarise(c), ...(tr && language ? { title: tr.title, summary: tr.summary, language } : {}) }
  })
}

/** Everything the page shows beyond the campaign row; cached per campaign (see forget-campaign-page.ts). */
type PageData = {
  translations: Awaited<ReturnType<typeof listTranslations>>
  breakdown: CampaignDetails['breakdown']
  publicNames: string[]
  targetsByPostcode: boolean
  recipients: CampaignDetails['recipients']
  responses: CampaignDetails['responses']
  organisation: CampaignDetails['organisation']
  image: CampaignDetails['image']
}

type PageEntry = {
  generation: string
  row: CampaignRow
  data: Promise<PageData>
  /** The details already built from this entry, per language shown and open/closed. */
  views: Map<string, CampaignDetails>
}

/** How long cached page data may be used before it is read again, whatever happened. */
export const PAGE_DATA_TTL_MS = 5_000

const loadPageData = async (deps: Deps, c: CampaignRow): Promise<PageData> => {
  const [translations, stats, names, rules, more, organisation, image] = await Promise.all([
    listTranslations(deps.db, c.id),
    findLatestReleasedStats(deps.db, c.id, 'country'),
    c.privacyMode === 'standard' && c.purgedAt === null ? listPublicNames(deps.db, c.id, 50) : Promise.resolve([]),
    listTargetRules(deps.db, c.id),
    recipientsAndResponses(deps, c),
    findOrganisationProfile(deps, { organisationId: c.organisationId }),
    c.imageId ? findImageMeta(deps.db, c.imageId) : Promise.resolve(undefined),
  ])
  return {
    translations,
    breakdown: stats ? { ...(JSON.parse(stats.payloadJson) as Breakdown), releasedAt: stats.releasedAt } : undefined,
    publicNames: names,
    targetsByPostcode: rules.some((r) => r.kind === 'by_constituency'),
    ...more,
    organisation,
    image: image && { url: imagePath(image.id, image.mime), alt: c.imageAlt ?? '', width: image.width, height: image.height },
  }
}

const sameRow = (a: CampaignRow, b: CampaignRow): boolean => {
  for (const k in a) if (a[k as keyof CampaignRow] !== b[k as keyof CampaignRow]) return false
  return true
}

/** The cached data for this row: reused while the row is unchanged, nothing forgot it and it is fresh. */
const pageEntry = (deps: Deps, c: CampaignRow): PageEntry => {
  const key = campaignPageKey(c.id)
  const generation = campaignPageGeneration(deps)
  const known = deps.cache.get<PageEntry>(key)
  if (known && known.generation === generation && sameRow(known.row, c)) return known
  // Concurrent requests share one load; a failed load is not kept.
  const entry: PageEntry = { generation, row: c, data: loadPageData(deps, c), views: new Map() }
  entry.data.catch(() => deps.cache.get(key) === entry && deps.cache.delete(key))
  deps.cache.set(key, entry, PAGE_DATA_TTL_MS)
  return entry
}

/**
 * What the public campaign page shows: no drafts, no names in protected mode, breakdowns only as
 * released. The row (status, count, text) is read on every call; the rest comes from the cache,
 * and equal answers are the same object, so the web layer can keep what it renders from one.
 */
export const getCampaignDetails = async (
  deps: Deps,
  slug: string,
  lang: { requested?: string; acceptLanguage?: string } = {},
): Promise<CampaignDetails | undefined> => {
  const c = await findPublicCampaign(deps, slug)
  if (!c) return undefined
  const entry = pageEntry(deps, c)
  const data = await entry.data
  const languages = [c.language, ...data.translations.map((t) => t.language)]
  const chosen =
    (lang.requested && languages.includes(lang.requested) ? lang.requested : undefined) ??
    negotiateLanguage(lang.acceptLanguage, languages) ??
    c.language
  const open = isOpenForSignatures(c, deps.clock.now())
  const viewKey = `${chosen}|${open}`
  const known = entry.views.get(viewKey)
  if (known) return known
  const tr = data.translations.find((t) => t.language === chosen)
  const details: CampaignDetails = {
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
    open,
    treeSize: c.publishedTreeSize,
    vkey: logIdentity(deps).vkey,
    epochMinutes: Math.max(1, Math.round(deps.config.epochSeconds / 60)),
    breakdown: data.breakdown,
    publicNames: data.publicNames,
    targetsByPostcode: data.targetsByPostcode,
    recipients: data.recipients,
    responses: data.responses,
    organisation: data.organisation,
    deadline: c.deadline,
    image: data.image,
  }
  entry.views.set(viewKey, details)
  return details
}

const recipientsAndResponses = async (deps: Deps, c: CampaignRow) => {
  const [responses, deliveries] = await Promise.all([listResponses(deps.db, c.id), listDeliveries(deps.db, c.id)])
  const named = new Map((await listTargetsByIds(deps.db, [...new Set(responses.map((r) => r.targetId))])).map((t) => [t.id, t]))
  const responded = new Set(responses.map((r) => r.targetId))
  const recipients =
    c.kind === 'petition'
      ? sortRecipients(await resolveTargets(deps, c.id)).map((t) => {
          const mine = deliveries.filter((d) => d.targetId === t.id)
          return {
            name: t.name,
            role: t.role,
            names: readTranslations(t.nameTranslationsJson),
            roles: readTranslations(t.roleTranslationsJson),
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
