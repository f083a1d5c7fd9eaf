import { describe, expect, it } from 'vitest'
import { normaliseText } from '../../src/core/text.js'

describe('normaliseText, the one normaliser of free text', () => {
  it.each([
    ['LF', 'a\nb'],
    ['CR', 'a\rb'],
    ['CR LF', 'a\r\nb'],
    ['tab', 'a\tb'],
    ['vertical tab', 'a\vb'],
    ['form feed', 'a\fb'],
    ['NEL U+0085', 'a\u0085b'],
    ['LINE SEPARATOR U+2028', 'a\u2028b'],
    ['PARAGRAPH SEPARATOR U+2029', 'a\u2029b'],
    ['a trailing U+2028 (refused, not trimmed away)', 'ab\u2028'],
  ])('a one-line field refuses %s as a line break', (_n, s) => expect(normaliseText(s)).toEqual({ ok: false, problem: 'lineBreak' }))

  it.each([
    ['NUL', 'a\u0000b'],
    ['ESC', 'a\u001bb'],
    ['unit separator', 'a\u001fb'],
    ['DEL', 'a\u007fb'],
    ['C1 CSI', 'a\u009bb'],
    ['LRE U+202A', 'a\u202ab'],
    ['RLO U+202E', 'a\u202eb'],
    ['LRI U+2066', 'a\u2066b'],
    ['PDI U+2069', 'a\u2069b'],
    ['BOM U+FEFF', 'a\ufeffb'],
    ['interlinear annotation U+FFF9', 'a\ufff9b'],
    ['a lone surrogate', 'a\ud800b'],
    ['a trailing NUL', 'ab\u0000'],
  ])('refuses %s everywhere', (_n, s) => {
    expect(normaliseText(s)).toEqual({ ok: false, problem: 'characters' })
    expect(normaliseText(s, { multiline: true })).toEqual({ ok: false, problem: 'characters' })
  })

  it.each([
    ['tab', 'a\tb'],
    ['vertical tab', 'a\vb'],
    ['form feed', 'a\fb'],
    ['NEL', 'a\u0085b'],
    ['U+2028', 'a\u2028b'],
    ['U+2029', 'a\u2029b'],
  ])('a multi-line field allows only LF: %s is refused', (_n, s) => expect(normaliseText(s, { multiline: true })).toEqual({ ok: false, problem: 'characters' }))

  it('multi-line: CR LF and CR become LF; NFC; trimmed', () => {
    expect(normaliseText('  one\r\ntwo\rthree\n\nfour \n', { multiline: true })).toEqual({ ok: true, value: 'one\ntwo\nthree\n\nfour' })
    expect(normaliseText('Cafe\u0301', { multiline: true })).toEqual({ ok: true, value: 'Café' })
  })

  it('one-line: NFC, trimmed; ordinary spaces and line ends at the edges go, letters of every script stay', () => {
    expect(normaliseText(' Jose\u0301 Ñandú \n')).toEqual({ ok: true, value: 'José Ñandú' })
    expect(normaliseText('\t')).toEqual({ ok: true, value: '' })
    for (const name of ['ليلى', 'שרה כהן', '山田\u3000太郎', 'Zoë O’Brien-Łukasz', 'Ana\u00a0María', 'ܐܕܝ', 'Ezîdî \u200f']) {
      expect(normaliseText(name)).toEqual({ ok: true, value: name.normalize('NFC').trim() })
    }
  })
})
