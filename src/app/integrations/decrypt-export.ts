// zod's mini build: this file is also bundled into the workspace's in-browser decryption (src/client/decrypt.ts)
import * as z from 'zod/mini'
import { openStatement, statementAad } from '../../core/crypto.js'
import { splitName, toActionNetworkCsv, type Supporter } from '../../core/action-network-csv.js'
import { toCsv } from '../../core/csv.js'
import type { SignedStatement } from '../../core/signature.js'
import { readKeyFile } from '../../core/key-file.js'

const campaignIdSchema = z.string().check(z.regex(/^[0-9a-f]{32}$/))
const exportSchema = z.object({
  version: z.literal(1),
  campaignId: campaignIdSchema,
  slug: z.optional(z.string()),
  statements: z.array(z.object({ signatureId: z.string(), ct: z.string(), enc: z.string(), updates: z.optional(z.boolean()) })),
})

export type DecryptResult =
  | { ok: true; csv: string; shared: number; total: number }
  | { ok: false; reason: 'bad_export' | 'wrong_key' | 'not_a_key' | 'needs_passphrase' | 'wrong_passphrase'; detail: string }

/**
 * What to write: `names` — name, country, postcode, comment of signers who consented to share
 * their name with the recipients (for `amicus deliver --names`); `action-network` — a supporter
 * list in Action Network's upload columns of signers who asked to hear from the organiser (the
 * only people Action Network's opt-in rule lets anyone upload), tagged with the campaign.
 */
export type DecryptFormat = 'names' | 'action-network'

/**
 * Offline: opens an export with the organiser's private key and returns CSV of only those
 * signers who consented to what the format is for. Every statement must open under its own
 * (campaign, signature) AAD — a ciphertext moved between rows does not.
 * No Deps: this runs on the organiser's machine, not the server.
 */
export const decryptExport = async (exportJson: unknown, privateKey: string, format: DecryptFormat = 'names'): Promise<DecryptResult> => {
  const parsed = exportSchema.safeParse(exportJson)
  if (!parsed.success) return { ok: false, reason: 'bad_export', detail: parsed.error.issues[0]?.message ?? 'invalid' }
  const { campaignId, statements, slug } = parsed.data
  const rows: string[][] = []
  const supporters: Supporter[] = []
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
    if (format === 'names' && st.consents.shareName) rows.push([st.name, st.country, st.postcode, st.comment])
    // consent given when signing, and not withdrawn since (an unsubscribe is recorded on the server)
    if (format === 'action-network' && st.consents.updates && s.updates !== false) {
      const name = st.imported ?? { ...splitName(st.name), tags: [slug ?? campaignId] }
      supporters.push({ givenName: name.givenName, familyName: name.familyName, email: st.email, postcode: st.postcode, country: st.country, tags: name.tags, comment: st.comment })
    }
  }
  if (format === 'action-network') return { ok: true, csv: toActionNetworkCsv(supporters), shared: supporters.length, total: statements.length }
  rows.sort((a, b) => a[0]!.localeCompare(b[0]!))
  return { ok: true, csv: toCsv(['name', 'country', 'postcode', 'comment'], rows), shared: rows.length, total: statements.length }
}

const KEY_FILE_PROBLEMS = {
  not_a_key: 'this is not an Amicus organiser key file',
  needs_passphrase: 'this key file is locked with a passphrase: give the passphrase',
  wrong_passphrase: 'the passphrase does not open this key file',
} as const

/**
 * The same, from the text of a key file (src/core/key-file.ts; locked ones with their passphrase):
 * what the workspace's in-browser decryption and `amicus decrypt` both run. A key file made for
 * another campaign is named as such before any statement is tried.
 */
export const decryptExportWithKeyFile = async (
  exportJson: unknown,
  keyFileText: string,
  opts: { passphrase?: string; format?: DecryptFormat } = {},
): Promise<DecryptResult> => {
  const key = await readKeyFile(keyFileText, opts.passphrase)
  if (!key.ok) return { ok: false, reason: key.reason, detail: KEY_FILE_PROBLEMS[key.reason] }
  const exported = campaignIdSchema.safeParse((exportJson as { campaignId?: unknown } | null)?.campaignId)
  if (key.campaignId && exported.success && key.campaignId !== exported.data) {
    return { ok: false, reason: 'wrong_key', detail: `this key file is for campaign ${key.campaignId}, the export for campaign ${exported.data}` }
  }
  return decryptExport(exportJson, key.privateKey, opts.format)
}
