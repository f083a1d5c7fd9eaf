/** Escapes text for HTML element and attribute content. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** Splits plain text into paragraphs on blank lines. */
export const paragraphs = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)

/**
 * Why free text was refused: `lineBreak` for a line or paragraph break in a one-line field
 * (LF, CR, tab, vertical tab, form feed, NEL U+0085, LINE SEPARATOR U+2028, PARAGRAPH SEPARATOR
 * U+2029), `characters` for anything else no supporter or organiser types: NUL and the other C0
 * and C1 controls, DEL, bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069,
 * Trojan Source), the byte order mark / zero-width no-break space U+FEFF, interlinear annotation
 * U+FFF9–U+FFFB, and unpaired surrogates. In multi-line text the one break allowed is LF (CR LF
 * and CR become LF first); the other breaks are `characters` there.
 */
export type TextProblem = 'characters' | 'lineBreak'
export type TextCheck = { ok: true; value: string } | { ok: false; problem: TextProblem }

const LINE_BREAKS = /[\n\r\t\v\f\u0085\u2028\u2029]/
const OTHER_BREAKS = /[\r\t\v\f\u0085\u2028\u2029]/
const FORBIDDEN = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/

/**
 * The one normaliser for every free-text field (names, towns, postcodes, titles, comments,
 * letters, updates, directory entries): refuses what should never be in text, rather than
 * silently dropping it, then NFC and trims. Only ordinary spaces, tabs and line ends at either end
 * are trimmed before the check; a U+2028, NEL or NUL at the end is refused, not trimmed away, so
 * nothing the writer meant is lost unseen.
 */
export const normaliseText = (input: string, opts: { multiline?: boolean } = {}): TextCheck => {
  if (!input.isWellFormed()) return { ok: false, problem: 'characters' }
  const edges = input.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')
  const text = opts.multiline ? edges.replace(/\r\n?/g, '\n') : edges
  if (opts.multiline ? OTHER_BREAKS.test(text) : LINE_BREAKS.test(text)) return { ok: false, problem: opts.multiline ? 'characters' : 'lineBreak' }
  if (FORBIDDEN.test(text)) return { ok: false, problem: 'characters' }
  return { ok: true, value: text.normalize('NFC').trim() }
}

export type Cleaned = { ok: true; value: string } | { ok: false; message: string }

/**
 * Text through the one normaliser every free-text field uses (`normaliseText`, above), then non-empty
 * and length-bounded. With `multiline`, CRLF and CR become LF and LF is allowed. Checked before
 * trimming, so a stray trailing control character or U+2028 is refused rather than dropped.
 */
export const cleanText = (value: string, opts: { max: number; multiline?: boolean }): Cleaned => {
  const r = normaliseText(value, { multiline: opts.multiline ?? false })
  if (!r.ok) {
    if (r.problem === 'lineBreak') return { ok: false, message: 'must not contain control characters or line breaks' }
    return {
      ok: false,
      message: opts.multiline
        ? 'must not contain control characters (other than line breaks), bidi overrides or invisible separator characters'
        : 'must not contain control characters, bidi overrides or invisible separator characters',
    }
  }
  if (r.value === '') return { ok: false, message: 'must not be empty' }
  if (r.value.length > opts.max) return { ok: false, message: `must be at most ${opts.max} characters` }
  return { ok: true, value: r.value }
}
