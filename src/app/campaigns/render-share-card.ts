import { buildShareCardSvg } from '../../core/share-card.js'
import { sha256Hex } from '../../core/crypto.js'
import { english, translatorFor } from '../../core/i18n.js'
import { isLanguage } from '../../core/languages.js'
import type { CardRenderer } from '../../core/ports.js'
import type { Deps } from '../deps.js'
import { getCampaignDetails } from './get-campaign-details.js'

export type ShareCard = { ok: true; png: Uint8Array; etag: string } | { ok: false; reason: 'not_found' }

type Entry = { hash: string; png: Promise<Uint8Array> }

/** Cards kept per renderer: the newest one per campaign and language, the least recently used dropped first. */
const MAX_CARDS = 200
const stores = new WeakMap<CardRenderer, Map<string, Entry>>()

/**
 * The link-preview picture of a campaign in one of its languages, as a PNG. Drawn once per
 * campaign, language and card text (the count is part of it): a new count or a changed title
 * draws a new one; every other request, concurrent ones included, gets the same render.
 */
export const renderShareCard = async (deps: Deps, input: { slug: string; language?: string }): Promise<ShareCard> => {
  const renderer = deps.cardRenderer
  if (!renderer) return { ok: false, reason: 'not_found' }
  const campaign = await getCampaignDetails(deps, input.slug, input.language ? { requested: input.language } : {})
  if (!campaign) return { ok: false, reason: 'not_found' }
  const t = isLanguage(campaign.language) ? translatorFor(campaign.language) : english()
  const svg = buildShareCardSvg({
    title: campaign.title,
    organisation: campaign.organisation?.name ?? 'Amicus',
    countLine: t.t('share.card.count', { count: campaign.count }),
    goalLine: campaign.goal > 0 ? t.t('share.card.goal', { goal: campaign.goal }) : '',
    progress: campaign.goal > 0 ? campaign.count / campaign.goal : 0,
    site: hostOf(deps.config.siteUrl),
    lang: t.lang,
    dir: t.dir,
  })
  const hash = sha256Hex(svg).slice(0, 24)
  let store = stores.get(renderer)
  if (!store) stores.set(renderer, (store = new Map()))
  const key = `${campaign.id}|${campaign.language}`
  let entry = store.get(key)
  if (entry?.hash !== hash) {
    entry = { hash, png: renderer.render(svg) }
    const started = deps.clock.now()
    void entry.png.then(
      (png) => deps.log.debug('share card drawn', { campaign: campaign.id, lang: campaign.language, bytes: png.byteLength, ms: deps.clock.now() - started }),
      () => store!.delete(key), // a failed render is not kept: the next request tries again
    )
  }
  // Most recently used last.
  store.delete(key)
  store.set(key, entry)
  if (store.size > MAX_CARDS) store.delete(store.keys().next().value!)
  return { ok: true, png: await entry.png, etag: `"card-${hash}"` }
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
