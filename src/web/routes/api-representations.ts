import type { CampaignSummary } from '../../app/campaigns/get-campaign-details.js'
import type { Breakdown } from '../../core/breakdown.js'
import { isPublic } from '../../core/campaign.js'
import type { CampaignRow } from '../../app/campaigns/find-campaign.js'
import type { TargetRow } from '../../app/targets/find-target.js'

/** Resources as JSON, in the shapes api-schemas.ts describes. */

export const isoDateTime = (seconds: number) => new Date(seconds * 1000).toISOString()

/** The six fields every OSDI resource of a campaign starts with (`osdiResource` in api-schemas.ts). */
const osdiResource = (site: string, c: { id: string; title: string; summary: string; slug: string; createdAt: number }) => ({
  identifiers: [`amicus:${c.id}`],
  origin_system: 'Amicus' as const,
  title: c.title,
  description: c.summary,
  browser_url: `${site}/c/${c.slug}`,
  created_date: isoDateTime(c.createdAt),
})

export const petitionJson = (site: string, c: CampaignSummary, count: number, extra: Record<string, unknown> = {}) => ({
  ...osdiResource(site, c),
  total_signatures: count,
  status: c.status,
  target: [{ name: c.addressee }],
  _links: {
    self: { href: `${site}/api/v1/petitions/${c.slug}` },
    'osdi:signatures': { href: `${site}/api/v1/petitions/${c.slug}/signatures` },
    'amicus:log': { href: `${site}/log/${c.id}/bundle` },
    'amicus:checkpoint': { href: `${site}/log/${c.id}/checkpoint` },
  },
  ...extra,
})

export const breakdownJson = (b: (Breakdown & { releasedAt: number }) | undefined) =>
  b ? { cells: b.cells, other: b.other, k: b.k, epsilon: b.epsilon, released_date: isoDateTime(b.releasedAt) } : null

export const targetRefJson = (t: { id: string; name: string; role: string; body: string }) => ({
  'amicus:id': t.id,
  name: t.name,
  title: t.role,
  organization: t.body,
})

export const targetJson = (site: string, t: TargetRow) => ({
  identifiers: [`amicus:target:${t.id}`],
  id: t.id,
  name: t.name,
  role: t.role,
  role_key: t.roleKey,
  body: t.body,
  country: t.country,
  constituency: t.constituency,
  email: t.email,
  postal_address: t.postalAddress,
  web_form_url: t.webFormUrl,
  source: t.source,
  last_verified: t.lastVerified,
  _links: { self: { href: `${site}/api/v1/targets/${t.id}` } },
})

export type DraftView = { bodySource: string; deadline: string | null; milestones: number[]; letterMode: 'individual' | 'digest'; targeting: string[] }

export const campaignJson = (site: string, c: CampaignRow, d: DraftView) => {
  const api = `${site}/api/v1`
  return {
    ...osdiResource(site, c),
    total_signatures: c.publishedCount,
    'amicus:slug': c.slug,
    'amicus:kind': c.kind,
    'amicus:status': c.status,
    'amicus:privacy_mode': c.privacyMode,
    'amicus:goal': c.goal,
    'amicus:deadline': d.deadline,
    'amicus:body_source': d.bodySource,
    'amicus:milestones': d.milestones,
    'amicus:letter_mode': d.letterMode,
    'amicus:targeting': d.targeting,
    'amicus:review_note': c.reviewNote,
    _links: {
      self: { href: `${api}/campaigns/${c.slug}` },
      ...(c.kind === 'letter'
        ? { 'osdi:advocacy_campaign': { href: `${api}/advocacy_campaigns/${c.slug}` } }
        : isPublic(c)
          ? { 'osdi:petition': { href: `${api}/petitions/${c.slug}` } }
          : {}),
      'amicus:sealed_statements': { href: `${api}/campaigns/${c.slug}/sealed_statements` },
      'amicus:aggregate_csv': { href: `${api}/campaigns/${c.slug}/exports/aggregate.csv` },
      'amicus:deliveries_csv': { href: `${api}/campaigns/${c.slug}/exports/deliveries.csv` },
    },
  }
}

export const advocacyCampaignJson = (
  site: string,
  c: CampaignRow,
  targets: { id: string; name: string; role: string; body: string }[],
  totalOutreaches: number | null,
) => ({
  ...osdiResource(site, c),
  type: 'email' as const,
  'amicus:status': c.status,
  'amicus:privacy_mode': c.privacyMode,
  targets: targets.map(targetRefJson),
  total_outreaches: totalOutreaches,
  'amicus:total_supporters': c.publishedCount,
  _links: {
    self: { href: `${site}/api/v1/advocacy_campaigns/${c.slug}` },
    'osdi:outreaches': { href: `${site}/api/v1/advocacy_campaigns/${c.slug}/outreaches` },
  },
})
