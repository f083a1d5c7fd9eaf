import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsv, toCsv } from '../../src/core/csv.js'

describe('toCsv', () => {
  it('writes RFC 4180 with CRLF line ends and quoting only where needed', () => {
    expect(toCsv(['name', 'count', 'ok', 'note'], [['Alice', 3, true, null], ['Bob, Jr.', 0, false, 'say "hi"']])).toBe(
      'name,count,ok,note\r\nAlice,3,true,\r\n"Bob, Jr.",0,false,"say ""hi"""\r\n',
    )
  })

  it('quotes embedded line breaks', () => {
    expect(toCsv(['a'], [['line1\nline2'], ['x\r\ny']])).toBe('a\r\n"line1\nline2"\r\n"x\r\ny"\r\n')
  })

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', '"\'\rcmd"'],
    ['  =HYPERLINK("http://evil.test")', '"\'  =HYPERLINK(""http://evil.test"")"'],
    ['\u00A0=1', "'\u00A0=1"],
    ['=cmd|\' /C calc\'!A0', "'=cmd|' /C calc'!A0"],
    ['a=1', 'a=1'],
    ['1-2', '1-2'],
    ["'already", "'already"],
    ['', ''],
  ])('neutralises formula cell %j', (cell, expected) => {
    expect(toCsv(['h'], [['x', cell]])).toBe(`h\r\nx,${expected}\r\n`)
  })

  it('neutralises header cells too', () => {
    expect(toCsv(['=evil()'], [])).toBe("'=evil()\r\n")
  })

  it('writes numbers as numbers, including negatives', () => {
    expect(toCsv(['n'], [[-5], [1.5]])).toBe('n\r\n-5\r\n1.5\r\n')
  })

  it('writes a lone empty cell as "" so it survives a round trip', () => {
    const text = toCsv(['h'], [[''], [null]])
    expect(text).toBe('h\r\n""\r\n""\r\n')
    expect(parseCsv(text)).toEqual([['h'], [''], ['']])
  })
})

describe('parseCsv', () => {
  it('parses quoted fields, escaped quotes and embedded line breaks', () => {
    expect(parseCsv('a,"b,c","d ""e""","f\r\ng"\r\n1,2,3,4')).toEqual([
      ['a', 'b,c', 'd "e"', 'f\r\ng'],
      ['1', '2', '3', '4'],
    ])
  })

  it('accepts LF and lone CR line ends, a BOM, and skips blank lines', () => {
    expect(parseCsv('\uFEFFa,b\n\nc,d\re,f\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ])
  })

  it('keeps empty fields', () => {
    expect(parseCsv(',a,,\r\n')).toEqual([['', 'a', '', '']])
    expect(parseCsv('""')).toEqual([['']])
  })

  it('keeps a bare quote inside an unquoted field', () => {
    expect(parseCsv('ab"c,d')).toEqual([['ab"c', 'd']])
  })

  it('throws on an unterminated quote or text after a closing quote', () => {
    expect(() => parseCsv('a,"b\r\nc')).toThrow(/unterminated/)
    expect(() => parseCsv('"a"b,c')).toThrow(/after a closing quote on line 1/)
  })

  it('returns no records for empty input', () => {
    expect(parseCsv('')).toEqual([])
    expect(parseCsv('\r\n')).toEqual([])
  })
})

describe('round trip', () => {
  const tricky = ['plain', 'comma,inside', 'quote"inside', '"quoted"', 'line\nbreak', 'crlf\r\nbreak', 'lone\rcr', ' spaced ', 'ünïcödé ✓', "it's", '']

  it('returns tricky non-formula cells unchanged', () => {
    const rows = [tricky, [...tricky].reverse()]
    expect(parseCsv(toCsv(tricky, rows))).toEqual([tricky, ...rows])
  })

  it('returns formula cells with exactly one neutralising quote', () => {
    expect(parseCsv(toCsv(['a', 'b'], [['=1+1', '-2,3']]))).toEqual([['a', 'b'], ["'=1+1", "'-2,3"]])
  })

  it('round-trips arbitrary strings (modulo neutralisation) with the row shape intact', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', '=', '-', '\t', "'", 'é'), maxLength: 8 })
    const row = (width: number) => fc.array(cell, { minLength: width, maxLength: width })
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) => fc.tuple(row(width), fc.array(row(width), { maxLength: 5 }))),
        ([header, rows]) => {
          const neutralised = (text: string) => (/^\s*[=+\-@\t\r]/.test(text) ? `'${text}` : text)
          expect(parseCsv(toCsv(header, rows))).toEqual([header, ...rows].map((r) => r.map(neutralised)))
        },
      ),
      { numRuns: 2000 },
    )
  })
})
