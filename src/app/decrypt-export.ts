import { z } from 'zod'
import { openStatement, statementAad } from '../core/crypto.js'
import { toCsv } from '../core/csv.js'
import type { SignedStatement } from '../core/signature.js'

const exportSchema = z.object({
  version: z.literal(1),
  campaignId: z.string().regex(/^[0-9a-f]{32}$/),
  statements: z.array(z.object({ signatureId: z.string(), ct: z.string(), enc: z.string() })),
})

export type DecryptResult =
  | { ok: true; csv: string; shared: number; total: number }
  | { ok: false; reason: 'bad_export' | 'wrong_key'; detail: string }

/**
 * Offline: opens an export with the organiser's private key and returns CSV of only those
 * signers who consented to share their name with the recipients. Every statement must open
 * under its own (campaign, signature) AAD — a ciphertext moved between rows does not.
 * No Deps: this runs on the organiser's machine, not the server.
 */
export const decryptExport = async (exportJson: unknown, privateKey: string): Promise<DecryptResult> => {
  const parsed = exportSchema.safeParse(exportJson)
  if (!parsed.success) return { ok: false, reason: 'bad_export', detail: parsed.error.issues[0]?.message ?? 'invalid' }
  const { campaignId, statements } = parsed.data
  const rows: string[][] = []
  for (const s of statements) {
    let st: SignedStatement
    try {
      st = (await openStatement(privateKey, s, statementAad(campaignId, s.signatureId))) as SignedStatement
    } catch {
      return { ok: false, reason: 'wrong_key', detail: `statement ${s.signatureId} did not open with this key` }
    }
    if (st.campaignId !== campaignId || st.signatureId !== s.signatureId) {
      return { ok: false, reason: 'bad_export', detail: `statement ${s.signatureId} belongs to another row` }
    }
    if (st.consents.shareName) rows.push([st.name, st.country, st.postcode, st.comment])
  }
  rows.sort((a, b) => a[0]!.localeCompare(b[0]!))
  return { ok: true, csv: toCsv(['name', 'country', 'postcode', 'comment'], rows), shared: rows.length, total: statements.length }
}
