import { listCampaignsForOwner as listForOwner, listTranslationLanguagesForOwner, type CampaignRow } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'

export type CampaignListItem = CampaignRow & {
  /** The campaign's own language first, then its translations' languages in order. */
  languages: string[]
  /**
   * The newest moment the campaign is known to have changed (epoch seconds): created, key kept,
   * closed, purged, or a translation saved. Campaigns have no "updated" column, so edits to a draft's
   * own text are not reflected.
   */
  lastChangeAt: number
}

/** An owner's campaigns, newest first; `null` lists every campaign (for admins); `status` keeps only those in it. */
export const listCampaignsForOwner = async (
  deps: Pick<Deps, 'db'>,
  ownerId: string | null,
  filter: { status?: CampaignRow['status'] } = {},
): Promise<CampaignListItem[]> => {
  const [rows, translations] = await Promise.all([listForOwner(deps.db, ownerId), listTranslationLanguagesForOwner(deps.db, ownerId)])
  const byCampaign = new Map<string, { languages: string[]; updatedAt: number }>()
  for (const t of translations) {
    const entry = byCampaign.get(t.campaignId) ?? { languages: [], updatedAt: 0 }
    entry.languages.push(t.language)
    entry.updatedAt = Math.max(entry.updatedAt, t.updatedAt)
    byCampaign.set(t.campaignId, entry)
  }
  return rows
    .filter((c) => filter.status === undefined || c.status === filter.status)
    .map((c) => {
      const t = byCampaign.get(c.id)
      const languages = [c.language, ...(t?.languages ?? []).filter((l) => l !== c.language)]
      const lastChangeAt = Math.max(c.createdAt, c.keyKeptAt ?? 0, c.closedAt ?? 0, c.purgedAt ?? 0, t?.updatedAt ?? 0)
      return { ...c, languages, lastChangeAt }
    })
}
