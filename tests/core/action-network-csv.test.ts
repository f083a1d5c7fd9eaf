import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { joinName, parseActionNetworkCsv, splitName, toActionNetworkCsv, type Supporter } from '../../src/core/action-network-csv.js'

const text = (max: number) =>
  fc
    .string({ unit: fc.constantFrom('a', 'Z', 'é', 'ß', 'ئ', ' ', '-', "'", '=', '+', '@', '"', ',', '1'), maxLength: max })
    .map((s) => s.trim())
    .filter((s) => !/\s\s/.test(s))

const supporter: fc.Arbitrary<Supporter> = fc.record({
  givenName: text(30).filter((s) => s.length > 0 && !/(https?:|www\.|:\/\/)/i.test(s)),
  familyName: text(30).filter((s) => !/(https?:|www\.|:\/\/)/i.test(s)),
  email: fc.constantFrom('a@example.org', 'b.c@example.net', 'd+e@example.com'),
  postcode: fc.constantFrom('', '10115', 'SW1A 1AA', '1012-AB'),
  country: fc.constantFrom('DE', 'GB', 'IQ', 'FR'),
  tags: fc.array(text(20).filter((s) => s.length > 0 && !s.includes(',')), { maxLength: 3 }),
  comment: fc.oneof(text(60), fc.constant('line one\nline two')),
})

describe('Action Network CSV', () => {
  it('reads back exactly what it wrote', () => {
    fc.assert(
      fc.property(fc.uniqueArray(supporter, { selector: (s) => s.email, maxLength: 3 }), (list) => {
        const csv = toActionNetworkCsv(list)
        const parsed = parseActionNetworkCsv(csv)
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
        expect(toActionNetworkCsv(parsed.supporters.map(({ line: _line, ...s }) => s))).toBe(csv)
      }),
    )
  })

  it('splits a one-field name at its last space, and joins it back', () => {
    expect(splitName('Ada Lovelace')).toEqual({ givenName: 'Ada', familyName: 'Lovelace' })
    expect(splitName('Mary Ann Evans')).toEqual({ givenName: 'Mary Ann', familyName: 'Evans' })
    expect(splitName('Madonna')).toEqual({ givenName: 'Madonna', familyName: '' })
    expect(joinName('Mary Ann', 'Evans')).toBe('Mary Ann Evans')
    expect(joinName('', 'Evans')).toBe('Evans')
  })

  it('writes the columns Action Network maps by name', () => {
    expect(toActionNetworkCsv([]).split('\r\n')[0]).toBe('first_name,last_name,email,zip_code,country,can2_user_tags,comment')
  })

  it('refuses a file without the columns it needs, or with too many rows', () => {
    expect(parseActionNetworkCsv('')).toMatchObject({ ok: false })
    expect(parseActionNetworkCsv('first_name,country\nA,DE')).toMatchObject({ ok: false, errors: [{ field: 'email' }] })
    expect(parseActionNetworkCsv('first_name,email,country,email\nA,a@example.org,DE,b@example.org')).toMatchObject({ ok: false, errors: [{ field: 'email', message: 'column appears twice' }] })
    expect(parseActionNetworkCsv(`email,first_name,country\n${'x@example.org,X,DE\n'.repeat(10_001)}`)).toMatchObject({ ok: false, errors: [{ line: 0 }] })
    expect(parseActionNetworkCsv('email,first_name,country\n"unterminated')).toMatchObject({ ok: false })
  })
})
