/**
 * The picture a link to a campaign shows in WhatsApp, Telegram, Signal and the like: a 1200×630
 * SVG (the Open Graph size) built as a string, turned into a PNG by the CardRenderer port. Pure:
 * no fonts are measured here, the title is wrapped by an estimate of each character's width
 * that errs on the wide side, so a line never runs off the card.
 */

export const CARD_WIDTH = 1200
export const CARD_HEIGHT = 630

/** The fonts the renderer is given (Noto Sans and Noto Sans Arabic, regular and bold). */
export const CARD_FONT_FAMILY = "'Noto Sans', 'Noto Sans Arabic', sans-serif"
const ARABIC_FIRST = "'Noto Sans Arabic', 'Noto Sans', sans-serif"

export type ShareCardInput = {
  title: string
  /** Who runs the campaign, shown above the title. */
  organisation: string
  /** The count and goal lines, already in the card's language ("1,204 signatures", "Goal: 5,000"). */
  countLine: string
  goalLine: string
  /** count / goal, for the bar (clamped to 0…1). */
  progress: number
  /** The site's host name, shown in a corner so the picture says where it leads. */
  site: string
  lang: string
  dir: 'ltr' | 'rtl'
}

const MARGIN = 80
const TEXT_WIDTH = CARD_WIDTH - 2 * MARGIN
/** A short title large on three lines at most; a longer one smaller on four. */
const TITLE_SIZES = [
  { size: 62, line: 78, lines: 3 },
  { size: 52, line: 66, lines: 4 },
] as const

/** Widths in em, generous for Noto Sans Bold; Arabic letters and anything else get the wide default. */
const charWidth = (char: string): number => {
  // A Latin letter with marks (ê, î, ş, ç, é, ü) is about as wide as the letter without them.
  const ch = char.normalize('NFD')[0] ?? char
  if (ch === ' ') return 0.27
  if (/[iIl.,:;'!|]/.test(ch)) return 0.3
  if (/[fjrt()\-[\]]/.test(ch)) return 0.4
  if (/[mwMW]/.test(ch)) return 0.92
  if (/[A-Z]/.test(ch)) return 0.7
  if (/[a-z0-9]/.test(ch)) return 0.6
  if (/[\u0600-\u06FF]/.test(ch)) return 0.55
  return 0.72
}

export const estimateWidth = (text: string, size: number): number => {
  let em = 0
  for (const ch of text) em += charWidth(ch)
  return em * size
}

/**
 * Words into lines no wider than `width`; at most `maxLines`, the last one ending in "…" when the
 * text is longer. A single word wider than a line is cut.
 */
export const wrapText = (text: string, size: number, width: number, maxLines: number): string[] => {
  const words = text.trim().split(/\s+/).filter(Boolean)
  const lines: string[] = []
  let line = ''
  let i = 0
  for (; i < words.length; i++) {
    const word = fitWord(words[i]!, size, width)
    const next = line ? `${line} ${word}` : word
    if (estimateWidth(next, size) <= width) {
      line = next
      continue
    }
    lines.push(line)
    line = word
    if (lines.length === maxLines) break
  }
  if (lines.length < maxLines && line) {
    lines.push(line)
    line = ''
    i = words.length
  }
  if (i < words.length) {
    // There is more text than room: end the last line with an ellipsis that fits.
    let last = lines[maxLines - 1] ?? ''
    while (last && estimateWidth(`${last}…`, size) > width) last = last.split(' ').slice(0, -1).join(' ') || last.slice(0, -1)
    lines[maxLines - 1] = `${last}…`
  }
  return lines
}

const fitWord = (word: string, size: number, width: number): string => {
  if (estimateWidth(word, size) <= width) return word
  let cut = word
  while (cut.length > 1 && estimateWidth(`${cut}…`, size) > width) cut = [...cut].slice(0, -1).join('')
  return `${cut}…`
}

/** Text and attribute values for XML. */
export const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!)

/** Control characters (other than none) have no place in an SVG text node. */
const clean = (s: string): string => s.replace(/[\u0000-\u001f\u007f]/g, ' ')

/** The card as an SVG document: calm, dark text on a warm light ground, the count and a bar at the foot. */
export const buildShareCardSvg = (input: ShareCardInput): string => {
  const rtl = input.dir === 'rtl'
  const family = rtl ? ARABIC_FIRST : CARD_FONT_FAMILY
  // Right-to-left text starts at the right margin; `direction` makes resvg lay it out (and order
  // mixed runs) right to left.
  const x = rtl ? CARD_WIDTH - MARGIN : MARGIN
  const anchor = rtl ? 'end' : 'start'
  const text = (y: number, size: number, weight: 400 | 700, fill: string, body: string) =>
    `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="${anchor}"${rtl ? ' direction="rtl"' : ''}>${escapeXml(clean(body))}</text>`

  const [large, small] = TITLE_SIZES
  const fitsLarge = wrapText(clean(input.title), large.size, TEXT_WIDTH, large.lines + 1).length <= large.lines
  const { size: titleSize, line: titleLine, lines: maxLines } = fitsLarge ? large : small
  const titleLines = wrapText(clean(input.title), titleSize, TEXT_WIDTH, maxLines)
  const organisation = wrapText(clean(input.organisation), 30, TEXT_WIDTH, 1)[0] ?? ''
  const titleTop = fitsLarge ? 215 : 205
  const title = titleLines.map((line, i) => text(titleTop + i * titleLine, titleSize, 700, '#1b2a33', line)).join('')
  const progress = Math.max(0, Math.min(1, Number.isFinite(input.progress) ? input.progress : 0))
  const barWidth = TEXT_WIDTH
  const filled = Math.round(barWidth * progress)
  const barY = 540
  const filledX = rtl ? MARGIN + barWidth - filled : MARGIN
  const siteX = rtl ? MARGIN : CARD_WIDTH - MARGIN
  const siteAnchor = rtl ? 'start' : 'end'

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}" lang="${escapeXml(input.lang)}" font-family="${escapeXml(family)}">`,
    `<rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="#f6f3ec"/>`,
    `<rect x="0" y="0" width="${CARD_WIDTH}" height="14" fill="#1d5c63"/>`,
    text(120, 30, 400, '#4a5a63', organisation),
    title,
    text(barY - 30, 40, 700, '#1d5c63', input.countLine),
    `<rect x="${MARGIN}" y="${barY}" width="${barWidth}" height="18" rx="9" fill="#dcd6c8"/>`,
    filled > 0 ? `<rect x="${filledX}" y="${barY}" width="${filled}" height="18" rx="9" fill="#1d5c63"/>` : '',
    text(barY + 58, 28, 400, '#4a5a63', input.goalLine),
    `<text x="${siteX}" y="${barY + 58}" font-size="26" font-weight="400" fill="#6b7a82" text-anchor="${siteAnchor}" font-family="${escapeXml(CARD_FONT_FAMILY)}">${escapeXml(clean(input.site))}</text>`,
    '</svg>',
  ].join('')
}
