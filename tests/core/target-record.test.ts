import { describe, expect, it } from 'vitest'
import seed from '../../db/seed/targets.json' with { type: 'json' }
import { normalisePostcode, parsePostcodesCsv } from '../../src/core/postcode.js'
import { parseCsvWithLines } from '../../src/core/csv-import.js'
import {
  hasVerifiedEmail,
  parseTargetsCsv,
  parseTargetsJson,
  ROLE_KEYS,
  TARGET_CSV_COLUMNS,
  TRANSLATION_CSV_COLUMNS,
  targetRecordSchema,
  targetsToCsv,
  targetsToJson,
  type TargetRecord,
} from '../../src/core/target-record.js'

const TODAY = '2026-03-02'
const HEADER = TARGET_CSV_COLUMNS.join(',')

const record = (overrides: Partial<TargetRecord> = {}): TargetRecord => ({
  id: 'de-justice-minister',
  name: 'Federal Minister of Justice',
  role: 'Federal Minister of Justice and Consumer Protection',
  roleKey: 'justice_minister',
  body: 'Government of Germany',
  country: 'DE',
  constituency: null,
  email: null,
  postalAddress: null,
  webFormUrl: null,
  source: 'example entry',
  lastVerified: null,
  nameTranslations: {},
  roleTranslations: {},
  ...overrides,
})

/** A CSV row in TARGET_CSV_COLUMNS order from a record-like object (no quoting: keep cells simple). */
const row = (fields: Partial<Record<(typeof TARGET_CSV_COLUMNS)[number], string>> = {}): string => {
  const base: Record<(typeof TARGET_CSV_COLUMNS)[number], string> = {
    id: 'fr-mp-1',
    name: 'Member for Paris 1',
    role: 'Member of the National Assembly',
    role_key: 'mp',
    body: 'National Assembly',
    country: 'FR',
    constituency: 'Paris 1',
    email: 'depute@example.org',
    postal_address: '',
    web_form_url: 'https://example.org/contact',
    source: 'assemblee-nationale.fr',
    last_verified: '2026-01-15',
    ...fields,
  }
  return TARGET_CSV_COLUMNS.map((c) => base[c]).join(',')
}

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`

const errorsOf = (r: ReturnType<typeof parseTargetsCsv>) => {
  if (r.ok) throw new Error('expected errors')
  return r.errors
}

describe('parseTargetsCsv: good input', () => {
  it('reads rows into records, empty cells as null, email as parseEmail address', () => {
    const r = parseTargetsCsv(
      csv(HEADER, row(), row({ id: 'icc-otp', role_key: 'icc_prosecutor', country: '', constituency: '', email: 'OTPLiaison@ICC-CPI.int', web_form_url: '', last_verified: '' })),
      TODAY,
    )
    expect(r).toEqual({
      ok: true,
      records: [
        {
          id: 'fr-mp-1',
          name: 'Member for Paris 1',
          role: 'Member of the National Assembly',
          roleKey: 'mp',
          body: 'National Assembly',
          country: 'FR',
          constituency: 'Paris 1',
          email: 'depute@example.org',
          postalAddress: null,
          webFormUrl: 'https://example.org/contact',
          source: 'assemblee-nationale.fr',
          lastVerified: '2026-01-15',
          nameTranslations: {},
          roleTranslations: {},
        },
        expect.objectContaining({ id: 'icc-otp', country: null, constituency: null, email: 'OTPLiaison@icc-cpi.int', lastVerified: null }),
      ],
    })
  })

  it('accepts columns in any order, optional columns left out, LF line ends and a BOM', () => {
    const r = parseTargetsCsv('\uFEFFsource,role_key,id,body,role,name,country\nsrc,unsc_member,unsc-fr,UN Security Council,Mission,France,FR\n', TODAY)
    expect(r.ok && r.records[0]).toMatchObject({ id: 'unsc-fr', name: 'France', roleKey: 'unsc_member', email: null })
  })

  it('trims cells, NFC-normalises text and keeps newlines in a quoted postal address', () => {
    const r = parseTargetsCsv(csv(HEADER, row({ name: ' Cafe\u0301 ', postal_address: '"1 Rue X\r\n75001 Paris"' })), TODAY)
    expect(r.ok && r.records[0]).toMatchObject({ name: 'Café', postalAddress: '1 Rue X\n75001 Paris' })
  })

  it('accepts lastVerified = today and a header-only file', () => {
    expect(parseTargetsCsv(csv(HEADER, row({ last_verified: TODAY })), TODAY).ok).toBe(true)
    expect(parseTargetsCsv(csv(HEADER), TODAY)).toEqual({ ok: true, records: [] })
  })

  it('exports the role keys', () => {
    expect(ROLE_KEYS).toContain('unsc_member')
    expect(ROLE_KEYS).toHaveLength(9)
  })
})

describe('parseTargetsCsv: bad fields', () => {
  it.each([
    ['id', { id: 'Bad_Id' }],
    ['id', { id: 'a' }],
    ['id', { id: '-abc' }],
    ['name', { name: '' }],
    ['name', { name: 'x'.repeat(201) }],
    ['name', { name: 'Evil\u202Egnp.exe' }],
    ['name', { name: 'Tab\there' }],
    ['name', { name: 'Zero\u0000byte' }],
    ['role', { role: '' }],
    ['role_key', { role_key: 'king' }],
    ['role_key', { role_key: '' }],
    ['body', { body: 'Iso\u2066late' }],
    ['country', { country: 'de' }],
    ['country', { country: 'XX' }],
    ['country', { country: 'UK' }],
    ['constituency', { constituency: 'C\u0085D' }],
    ['email', { email: 'not an email' }],
    ['email', { email: 'a@b' }],
    ['email', { email: 'Name <a@example.org>' }],
    ['postal_address', { postal_address: 'x'.repeat(501) }],
    ['postal_address', { postal_address: '"a\u0007b"' }],
    ['web_form_url', { web_form_url: 'http://example.org/contact' }],
    ['web_form_url', { web_form_url: 'javascript:alert(1)' }],
    ['web_form_url', { web_form_url: 'https://user:pw@example.org/' }],
    ['web_form_url', { web_form_url: 'https://' }],
    ['source', { source: '' }],
    ['source', { source: 'x'.repeat(301) }],
    ['last_verified', { last_verified: '2026-02-30' }],
    ['last_verified', { last_verified: '15/01/2026' }],
    ['last_verified', { last_verified: '2026-03-03' }],
  ] as const)('refuses a bad %s: %j', (field, fields) => {
    const errors = errorsOf(parseTargetsCsv(csv(HEADER, row(fields)), TODAY))
    expect(errors).toEqual([expect.objectContaining({ line: 2, field })])
    expect(errors[0]!.message).not.toBe('')
  })

  it('says why a future lastVerified is refused', () => {
    const errors = errorsOf(parseTargetsCsv(csv(HEADER, row({ last_verified: '2026-03-03' })), TODAY))
    expect(errors[0]!.message).toContain('after today (2026-03-02)')
  })

  it('refuses a plain-http web form and says https', () => {
    const errors = errorsOf(parseTargetsCsv(csv(HEADER, row({ web_form_url: 'http://example.org/' })), TODAY))
    expect(errors).toEqual([{ line: 2, field: 'web_form_url', message: 'must be an https:// address' }])
  })

  it('requires a country for national roles and for constituencies', () => {
    expect(errorsOf(parseTargetsCsv(csv(HEADER, row({ country: '', constituency: '' })), TODAY))).toEqual([
      { line: 2, field: 'country', message: 'is required for role_key mp' },
    ])
    expect(errorsOf(parseTargetsCsv(csv(HEADER, row({ role_key: 'prosecutor', country: '' })), TODAY))).toEqual([
      { line: 2, field: 'country', message: 'is required when a constituency is given' },
    ])
  })

  it('collects every error of every row, not just the first', () => {
    const errors = errorsOf(
      parseTargetsCsv(csv(HEADER, row({ id: 'BAD', email: 'nope' }), row({ id: 'ok-2' }), row({ id: 'ok-3', country: 'zz', last_verified: '2099-01-01' })), TODAY),
    )
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'id'],
      [2, 'email'],
      [4, 'country'],
      [4, 'last_verified'],
    ])
  })

  it('refuses an unknown column, a repeated column and a missing required column, on line 1', () => {
    expect(errorsOf(parseTargetsCsv(csv(`${HEADER},phone`, `${row()},123`), TODAY))).toEqual([
      { line: 1, field: 'phone', message: expect.stringContaining('unknown column') },
    ])
    expect(errorsOf(parseTargetsCsv(csv(`${HEADER},name`, `${row()},x`), TODAY))).toEqual([
      { line: 1, field: 'name', message: 'column appears twice' },
    ])
    expect(errorsOf(parseTargetsCsv(csv('id,name,role,body,source', 'a1,n,r,b,s'), TODAY))).toEqual([
      { line: 1, field: 'role_key', message: 'required column is missing' },
    ])
    expect(errorsOf(parseTargetsCsv('', TODAY))).toEqual([{ line: 1, message: expect.stringContaining('header row is required') }])
  })

  it('reports a duplicate id on the second line', () => {
    expect(errorsOf(parseTargetsCsv(csv(HEADER, row(), row({ id: 'other' }), row({ id: ' fr-mp-1 ' })), TODAY))).toEqual([
      { line: 4, field: 'id', message: 'duplicate id "fr-mp-1" (first on line 2)' },
    ])
  })

  it('reports a row with the wrong number of cells', () => {
    expect(errorsOf(parseTargetsCsv(csv(HEADER, 'a,b,c'), TODAY))).toEqual([
      { line: 2, message: 'has 3 cells but the header has 12' },
    ])
  })
})

describe('line numbers', () => {
  it('are file lines, counting quoted multi-line cells and blank lines', () => {
    const text = [
      HEADER, // 1
      row({ id: 'first-1', postal_address: '"line a\nline b\r\nline c"' }), // 2-4
      '', // 5 (blank, skipped)
      row({ id: 'second-2', email: 'bad' }), // 6
      row({ id: 'third-3', postal_address: '"x\ry"' }), // 7-8 (lone CR)
      row({ id: 'fourth-4', country: 'zz' }), // 9
    ].join('\n')
    expect(errorsOf(parseTargetsCsv(text, TODAY)).map((e) => [e.line, e.field])).toEqual([
      [6, 'email'],
      [9, 'country'],
    ])
  })

  it('match parseCsv record for record', () => {
    const r = parseCsvWithLines('a,b\r\n"x\r\ny",z\r\n\r\n"",\n"q""\n",1\n,\nlast')
    expect(r).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['x\r\ny', 'z'] },
        { line: 5, cells: ['', ''] },
        { line: 6, cells: ['q"\n', '1'] },
        { line: 8, cells: ['', ''] },
        { line: 9, cells: ['last'] },
      ],
    })
  })

  it('point at the opening line of an unclosed quote and at text after a closing quote', () => {
    expect(errorsOf(parseTargetsCsv(`${HEADER}\n${row()}\n"open,\nmore\n`, TODAY))).toEqual([
      { line: 3, message: 'unterminated quoted field' },
    ])
    expect(errorsOf(parseTargetsCsv(`${HEADER}\n${row()}\n"a"b,c\n`, TODAY))).toEqual([
      { line: 3, message: 'unexpected character after a closing quote' },
    ])
  })
})

describe('parseTargetsJson', () => {
  it('reads an array of camelCase objects; missing, null and empty optional fields are null', () => {
    const r = parseTargetsJson(
      JSON.stringify([
        { id: 'icc-otp', name: 'OTP', role: 'Office', roleKey: 'icc_prosecutor', body: 'ICC', source: 's' },
        { ...record(), email: '', lastVerified: null },
      ]),
      TODAY,
    )
    expect(r).toEqual({
      ok: true,
      records: [
        record({ id: 'icc-otp', name: 'OTP', role: 'Office', roleKey: 'icc_prosecutor', body: 'ICC', source: 's', country: null }),
        record(),
      ],
    })
  })

  it('reports entries by position, unknown keys, wrong types, non-objects and duplicates', () => {
    const r = parseTargetsJson(
      JSON.stringify([record(), { ...record({ id: 'x2' }), phone: '1' }, { ...record({ id: 'x3' }), name: 5 }, 'text', record()]),
      TODAY,
    )
    expect(errorsOf(r)).toEqual([
      { line: 2, field: 'phone', message: 'unknown field' },
      { line: 3, field: 'name', message: 'must be text' },
      { line: 4, message: 'must be an object with the target fields' },
      { line: 5, field: 'id', message: 'duplicate id "de-justice-minister" (first on entry 1)' },
    ])
  })

  it('reports a missing required field and a non-array / invalid document', () => {
    const { source: _s, ...noSource } = record()
    expect(errorsOf(parseTargetsJson(JSON.stringify([noSource]), TODAY))).toEqual([{ line: 1, field: 'source', message: 'is required' }])
    expect(errorsOf(parseTargetsJson('{"id":"x"}', TODAY))).toEqual([{ line: 0, message: 'must be a JSON array of targets' }])
    expect(errorsOf(parseTargetsJson('[{', TODAY))).toEqual([{ line: 0, message: expect.stringContaining('not valid JSON') }])
  })

  it('the strict schema refuses unknown keys on its own too', () => {
    expect(targetRecordSchema.safeParse({ ...record(), extra: 1 }).success).toBe(false)
    expect(targetRecordSchema.safeParse(record({ lastVerified: '2999-01-01' })).success).toBe(true) // no today bound
  })
})

describe('export → import', () => {
  const tricky = [
    record({ id: 'f-eq', name: '=HYPERLINK("http://evil.test","x")' }),
    record({ id: 'f-plus', name: '+44 20 7946 0000', role: '-1', body: '@SUM(A1)' }),
    record({ id: 'f-quote', name: "'=already escaped", role: "''+double", body: "'plain apostrophe" }),
    record({ id: 'f-lone', name: "'", role: "O'Brien, \"Minister\"", body: 'Body, with comma' }),
    record({
      id: 'f-full',
      constituency: 'Mitte',
      email: 'minister@example.org',
      postalAddress: '=1 Street\nBerlin',
      webFormUrl: 'https://example.org/form?a=1&b=2',
      lastVerified: '2026-01-01',
    }),
  ]

  it('CSV round trip is lossless, formula cells included, and the CSV is neutralised', () => {
    const text = targetsToCsv(tricky)
    expect(text.split('\r\n')[0]).toBe([...TARGET_CSV_COLUMNS, ...TRANSLATION_CSV_COLUMNS].join(','))
    expect(text).toContain(`'=HYPERLINK`)
    expect(text).not.toMatch(/(^|,)[=+\-@]/m)
    expect(parseTargetsCsv(text, TODAY)).toEqual({ ok: true, records: tricky })
  })

  it('JSON round trip is lossless', () => {
    const text = targetsToJson(tricky)
    expect(text).toContain('\n  {\n    "id": "f-eq"')
    expect(parseTargetsJson(text, TODAY)).toEqual({ ok: true, records: tricky })
  })

  it('a hand-written leading apostrophe before a formula character is read as the spreadsheet escape', () => {
    const r = parseTargetsCsv(csv(HEADER, row({ name: "'=SUM(1)", role: "'Plain" })), TODAY)
    expect(r.ok && r.records[0]).toMatchObject({ name: '=SUM(1)', role: "'Plain" })
  })
})

describe('hasVerifiedEmail', () => {
  it('needs both an e-mail address and a verification date', () => {
    expect(hasVerifiedEmail(record())).toBe(false)
    expect(hasVerifiedEmail(record({ email: 'a@example.org' }))).toBe(false)
    expect(hasVerifiedEmail(record({ lastVerified: '2026-01-01' }))).toBe(false)
    expect(hasVerifiedEmail(record({ email: 'a@example.org', lastVerified: '2026-01-01' }))).toBe(true)
  })
})

describe('db/seed/targets.json', () => {
  it('is valid, invents no contact details, and holds the 2026 Security Council', () => {
    const r = parseTargetsJson(JSON.stringify(seed), TODAY)
    if (!r.ok) throw new Error(JSON.stringify(r.errors))
    for (const t of r.records) {
      expect([t.email, t.postalAddress, t.webFormUrl, t.lastVerified]).toEqual([null, null, null, null])
    }
    const unsc = r.records.filter((t) => t.roleKey === 'unsc_member')
    expect(unsc.map((t) => t.country).sort()).toEqual(
      ['CN', 'FR', 'RU', 'GB', 'US', 'DK', 'GR', 'PK', 'PA', 'SO', 'BH', 'CO', 'CD', 'LV', 'LR'].sort(),
    )
    expect(unsc.every((t) => t.body === 'UN Security Council')).toBe(true)
    expect(r.records.filter((t) => t.roleKey === 'icc_prosecutor')).toEqual([
      expect.objectContaining({ body: 'International Criminal Court', country: null }),
    ])
    expect(r.records.filter((t) => t.roleKey === 'justice_minister').map((t) => t.country).sort()).toEqual(['DE', 'FR', 'NL', 'SE'])
    expect(r.records.filter((t) => t.roleKey === 'foreign_minister').map((t) => t.country).sort()).toEqual(['DE', 'FR', 'GB'])
  })
})

describe('postcodes', () => {
  it('normalises case, spaces, hyphens and NFC', () => {
    expect(normalisePostcode(' sw1a 1aa ')).toBe('SW1A1AA')
    expect(normalisePostcode('SW1A-1AA')).toBe('SW1A1AA')
    expect(normalisePostcode('00-950')).toBe('00950')
    expect(normalisePostcode('ab\u00A01cd')).toBe('AB1CD')
  })

  it('parses rows, normalising postcodes', () => {
    expect(parsePostcodesCsv('country,postcode,constituency\r\nGB,sw1a 1aa,Cities of London and Westminster\r\n')).toEqual({
      ok: true,
      rows: [{ country: 'GB', postcode: 'SW1A1AA', constituency: 'Cities of London and Westminster' }],
    })
  })

  it('collects every error with its line, including duplicates after normalisation', () => {
    const r = parsePostcodesCsv(
      ['postcode,constituency,country', 'SW1A 1AA,Westminster,GB', '"multi', 'line",X,GB', 'sw1a-1aa,Other,GB', '!!,Y,gb', ',,'].join('\n'),
    )
    expect(r.ok ? [] : r.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'postcode'],
      [5, 'postcode'],
      [6, 'country'],
      [6, 'postcode'],
      [7, 'country'],
      [7, 'postcode'],
      [7, 'constituency'],
    ])
  })

  it('refuses unknown and missing columns', () => {
    const r = parsePostcodesCsv('country,postcode,ward\nGB,SW1A1AA,x\n')
    expect(r.ok ? [] : r.errors).toEqual([
      { line: 1, field: 'ward', message: expect.stringContaining('unknown column') },
      { line: 1, field: 'constituency', message: 'required column is missing' },
    ])
  })
})

describe('names and roles in other languages', () => {
  const translated = record({
    nameTranslations: { ar: 'وزير العدل الاتحادي', de: 'Bundesminister der Justiz' },
    roleTranslations: { ar: 'وزير العدل وحماية المستهلك الاتحادي' },
  })

  it('go through CSV (name_ar, role_ar, …) and JSON (nameTranslations, roleTranslations) and come back unchanged', () => {
    const csv = targetsToCsv([translated])
    expect(csv.split('\r\n')[0]).toContain(',name_en,name_ar,name_ku,name_de,name_fr,role_en,role_ar,')
    expect(parseTargetsCsv(csv, TODAY)).toEqual({ ok: true, records: [translated] })
    expect(parseTargetsJson(targetsToJson([translated]), TODAY)).toEqual({ ok: true, records: [translated] })
  })

  it('are optional, blank cells are none, and an unknown language or a bad value is named', () => {
    expect(parseTargetsCsv(`${HEADER}\n${row()}`, TODAY)).toMatchObject({ ok: true, records: [{ nameTranslations: {}, roleTranslations: {} }] })
    const withBlank = parseTargetsCsv(`${HEADER},name_ar,role_ku\n${row()},,`, TODAY)
    expect(withBlank).toMatchObject({ ok: true, records: [{ nameTranslations: {}, roleTranslations: {} }] })
    const unknown = parseTargetsCsv(`${HEADER},name_es\n${row()},Ministro`, TODAY)
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.errors[0]).toMatchObject({ field: 'name_es', message: expect.stringContaining('unknown column') })
    const json = parseTargetsJson(JSON.stringify([{ ...translated, nameTranslations: { es: 'Ministro' } }]), TODAY)
    expect(json.ok).toBe(false)
    if (!json.ok) expect(json.errors[0]).toMatchObject({ line: 1, field: 'nameTranslations.es', message: 'unknown language' })
    const control = parseTargetsJson(JSON.stringify([{ ...translated, roleTranslations: { ar: 'a\u0007b' } }]), TODAY)
    expect(control.ok).toBe(false)
  })
})
