import { findCampaignBySlug } from '../../data/campaigns-repo.js'
import { listSealedStatementsForExport } from '../../data/exports-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

export type SealedExport = {
  version: 1
  campaignId: string
  slug: string
  title: string
  exportedAt: number
  /** `updates`: the signer still wants to hear from the organiser (they may have unsubscribed since). */
  statements: { signatureId: string; ct: string; enc: string; updates: boolean }[]
}

/**
 * The organiser's export: sealed statements of confirmed signers, exactly as stored. The
 * server cannot open them; `amicus decrypt` does, offline, with the organiser's private key.
 */
export const exportSealedStatements = async (
  deps: Deps,
  slug: string,
): Promise<{ ok: true; export: SealedExport } | { ok: false; reason: 'not_found' }> => {
  const c = await findCampaignBySlug(deps.db, slug)
  if (!c) return { ok: false, reason: 'not_found' }
  const rows = await listSealedStatementsForExport(deps.db, c.id)
  return {
    ok: true,
    export: {
      version: 1,
      campaignId: c.id,
      slug: c.slug,
      title: c.title,
      exportedAt: nowSeconds(deps),
      statements: rows.flatMap((r) => (r.ct && r.enc ? [{ signatureId: r.id, ct: r.ct, enc: r.enc, updates: r.updatesOptIn }] : [])),
    },
  }
}
