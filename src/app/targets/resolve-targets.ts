import { findConstituency } from '../../data/targets-repo.js'
import { listTargetRules, listTargetsForRule, type TargetRow } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'

/**
 * The recipients of a campaign for one supporter: every rule's matches, de-duplicated, in rule
 * order. Fixed and role rules give the same list to everyone; by_country uses the supporter's
 * country, by_constituency their postcode looked up in the imported postcode table. Without a
 * place only fixed and role rules apply (petition delivery).
 */
export const resolveTargets = async (
  deps: Deps,
  campaignId: string,
  place: { country?: string; postcode?: string } = {},
): Promise<TargetRow[]> => {
  const rules = await listTargetRules(deps.db, campaignId)
  const constituency =
    place.country && place.postcode && rules.some((r) => r.kind === 'by_constituency')
      ? await findConstituency(deps.db, place.country, place.postcode)
      : undefined
  const seen = new Set<string>()
  const out: TargetRow[] = []
  for (const rule of rules) {
    if (!place.country && (rule.kind === 'by_country' || rule.kind === 'by_constituency')) continue
    for (const t of await listTargetsForRule(deps.db, rule, { country: place.country, constituency })) {
      if (!seen.has(t.id)) {
        seen.add(t.id)
        out.push(t)
      }
    }
  }
  return out
}
