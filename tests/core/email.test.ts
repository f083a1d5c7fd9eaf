import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { foldLocalPart } from '../../src/core/email-providers.js'
import { parseEmail, type EmailRejection } from '../../src/core/email.js'

const accepted = (input: string) => {
  const result = parseEmail(input)
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to be accepted, got ${result.reason}`)
  return result
}

const label = (char: string, length: number) => char.repeat(length)
// A domain of exactly `length` octets: three 63-octet labels plus one more label.
const domainOf = (length: number) => {
  const labels = [label('a', 63), label('b', 63), label('c', 63)]
  const rest = length - 3 * 64
  return [...labels, label('d', rest)].join('.')
}

describe('parseEmail rejections', () => {
  const cases: [string, string, EmailRejection][] = [
    ['empty string', '', 'empty'],
    ['only whitespace', '   \t ', 'empty'],
    ['header injection CRLF', 'a@b.test\r\nBcc: x@y.test', 'control_characters'],
    ['bare LF', 'a@b.test\nx', 'control_characters'],
    ['trailing newline is not trimmed away', 'a@b.test\n', 'control_characters'],
    ['NUL', 'a\u0000b@b.test', 'control_characters'],
    ['C1 control (NEL)', 'a\u0085@b.test', 'control_characters'],
    ['DEL', 'a\u007F@b.test', 'control_characters'],
    ['percent-encoded CRLF', 'a%0D%0ABcc:x@y.test', 'control_characters'],
    ['percent-encoded CRLF, lower case', 'a%0d%0a@b.test', 'control_characters'],
    ['percent-encoded C1', 'a%C2%85@b.test', 'control_characters'],
    ['bidi override in local part', 'a\u202Eb@b.test', 'control_characters'],
    ['bidi isolate', 'a\u2066b@b.test', 'control_characters'],
    ['zero-width space in domain', 'a@ex\u200Bample.com', 'control_characters'],
    ['zero-width joiner in domain', 'a@ex\u200Dample.com', 'control_characters'],
    ['soft hyphen in domain (URL parser would drop it)', 'a@ex\u00ADample.com', 'control_characters'],
    ['display name', 'Name <a@b.test>', 'display_name'],
    ['quoted display name', '"Name" <a@b.test>', 'display_name'],
    ['angle brackets only', '<a@b.test>', 'display_name'],
    ['comma list', 'a@b.test, c@d.test', 'list'],
    ['semicolon list', 'a@b.test;c@d.test', 'list'],
    ['space-separated list', 'a@b.test c@d.test', 'list'],
    ['quoted local part', '"x y"@example.org', 'quoted'],
    ['quoted local part hiding another address', '"victim@evil.test x"@example.org', 'quoted'],
    ['backslash quoted-pair', 'a\\@b@example.org', 'quoted'],
    ['space in local part', 'a b@example.org', 'invalid'],
    ['no-break space', 'a\u00A0b@example.org', 'invalid'],
    ['no @', 'ab.example.org', 'invalid'],
    ['two @', 'a@b@example.org', 'invalid'],
    ['empty local part', '@example.org', 'invalid'],
    ['empty domain', 'a@', 'invalid'],
    ['leading dot', '.a@example.org', 'invalid'],
    ['trailing dot', 'a.@example.org', 'invalid'],
    ['double dot', 'a..b@example.org', 'invalid'],
    ['percent hack', 'a%b@example.org', 'invalid'],
    ['RFC 2047 encoded word', '=?utf-8?q?a=40evil.test?=@example.org', 'invalid'],
    ['parenthesised comment', 'a(comment)@example.org', 'invalid'],
    ['fullwidth (NFKC-unstable) local part', '\uFF4A\uFF4F\uFF48\uFF4E@example.org', 'invalid'],
    ['leading combining mark', '\u0301a@example.org', 'invalid'],
    ['domain without dot', 'a@localhost', 'invalid'],
    ['domain with trailing dot', 'a@example.org.', 'invalid'],
    ['empty label', 'a@example..org', 'invalid'],
    ['leading hyphen label', 'a@-example.org', 'invalid'],
    ['trailing hyphen label', 'a@example-.org', 'invalid'],
    ['underscore in domain', 'a@ex_ample.org', 'invalid'],
    ['numeric TLD', 'a@example.123', 'invalid'],
    ['IPv4 literal', 'a@192.168.0.1', 'invalid'],
    ['IPv4 in hex notation', 'a@0x7f.1', 'invalid'],
    ['IPv6 literal', 'a@[::1]', 'invalid'],
    ['port', 'a@example.org:25', 'invalid'],
    ['default port the URL parser would drop', 'a@example.org:80', 'invalid'],
    ['path', 'a@example.org/x', 'invalid'],
    ['query', 'a@example.org?x', 'invalid'],
    ['percent in domain', 'a@exa%6Dple.org', 'invalid'],
    ['label longer than 63', `a@${label('x', 64)}.org`, 'invalid'],
    ['local part of 65 octets', `${label('a', 65)}@example.org`, 'too_long'],
    ['local part of 33 two-octet letters (66 octets)', `${label('é', 33)}@example.org`, 'too_long'],
    ['address of 255 octets', `a@${domainOf(253)}`, 'too_long'],
    ['huge input', `${label('a', 5000)}@example.org`, 'too_long'],
  ]

  it.each(cases)('%s', (_name, input, reason) => {
    expect(parseEmail(input)).toEqual({ ok: false, reason })
  })
})

describe('parseEmail acceptance', () => {
  it('keeps the local part as typed and lower-cases the domain', () => {
    expect(accepted('  John.Smith@Example.COM ')).toEqual({
      ok: true,
      address: 'John.Smith@example.com',
      canonical: 'john.smith@example.com',
      domain: 'example.com',
      mixedScript: false,
    })
  })

  it('accepts the HTML atext set', () => {
    expect(accepted("a!#$&'*+/=?^_`{|}~-z@example.org").address).toBe("a!#$&'*+/=?^_`{|}~-z@example.org")
  })

  it('accepts a 64-octet local part', () => {
    const local = label('a', 64)
    expect(accepted(`${local}@example.org`).address).toBe(`${local}@example.org`)
  })

  it('accepts a 254-octet address', () => {
    const address = `a@${domainOf(252)}`
    expect(address).toHaveLength(254)
    expect(accepted(address).address).toBe(address)
  })

  it('converts an IDN domain to punycode, equal to typing the punycode', () => {
    const unicode = accepted('user@пример.рф')
    const ascii = accepted('user@xn--e1afmkfd.xn--p1ai')
    expect(unicode.address).toBe('user@xn--e1afmkfd.xn--p1ai')
    expect(unicode.domain).toBe('xn--e1afmkfd.xn--p1ai')
    expect(unicode.canonical).toBe(ascii.canonical)
    expect(accepted('user@ПРИМЕР。рф').address).toBe('user@xn--e1afmkfd.xn--p1ai')
  })

  it('NFC-normalises the local part', () => {
    const decomposed = accepted('jose\u0301@example.org')
    expect(decomposed.address).toBe('jos\u00E9@example.org')
    expect(decomposed.canonical).toBe(accepted('JOS\u00C9@example.org').canonical)
  })

  it('accepts EAI local parts', () => {
    expect(accepted('δοκιμή@example.org').mixedScript).toBe(false)
    expect(accepted('пользователь@пример.рф').mixedScript).toBe(false)
  })

  it('flags Latin mixed with Cyrillic or Greek in the local part', () => {
    expect(accepted('\u0430dmin@example.org').mixedScript).toBe(true) // Cyrillic а
    expect(accepted('p\u03B1ypal@example.org').mixedScript).toBe(true) // Greek α
    expect(accepted('admin@пример.рф').mixedScript).toBe(false)
  })
})

describe('canonical form', () => {
  const same: [string, string][] = [
    ['John@Example.COM', 'john@example.com'],
    ['j.o.h.n+x@gmail.com', 'john@gmail.com'],
    ['john@googlemail.com', 'john@gmail.com'],
    ['J.OHN+petition@GoogleMail.com', 'john@gmail.com'],
    ['john+news@outlook.com', 'john@outlook.com'],
    ['john+x@icloud.com', 'john@icloud.com'],
    ['john+x@fastmail.com', 'john@fastmail.com'],
    ['john+x@proton.me', 'john@proton.me'],
  ]
  it.each(same)('%s ≡ %s', (a, b) => {
    expect(accepted(a).canonical).toBe(accepted(b).canonical)
  })

  const different: [string, string][] = [
    ['j.ohn@outlook.com', 'john@outlook.com'], // Outlook dots are significant
    ['john@hotmail.com', 'john@outlook.com'], // distinct namespaces
    ['john+x@example.org', 'john@example.org'], // unknown provider: no folding
    ['j.ohn@example.org', 'john@example.org'],
  ]
  it.each(different)('%s ≢ %s', (a, b) => {
    expect(accepted(a).canonical).not.toBe(accepted(b).canonical)
  })

  it('never folds a local part away entirely', () => {
    expect(foldLocalPart('+tag', 'gmail.com')).toEqual({ local: '+tag', domain: 'gmail.com' })
    expect(foldLocalPart('a.b+c', 'unknown.example')).toEqual({ local: 'a.b+c', domain: 'unknown.example' })
  })
})

describe('parseEmail properties', () => {
  const emailish = fc.string({
    unit: fc.constantFrom(
      'a', 'B', '.', '@', '+', '-', 'é', '\u0430', 'x', 'n', 'g', 'o', 'm', 'i', 'l', 'c', '1',
      ' ', ',', ';', '"', '<', '>', '\\', '\r', '\n', '\u0000', '\u200B', '\u202E', '%', '0', 'D', 'A',
      '\u3002', ':', '/', '[', ']', 'рф', 'xn--', '.com', '@example.org',
    ),
    maxLength: 40,
  })
  const anything = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), emailish)

  it('never throws, and accepted addresses contain no CR, LF, comma or space', () => {
    let acceptedCount = 0
    fc.assert(
      fc.property(anything, (input) => {
        const result = parseEmail(input)
        if (result.ok) {
          acceptedCount++
          expect(result.address).not.toMatch(/[\r\n, ]/)
          expect(result.canonical).not.toMatch(/[\r\n, ]/)
        }
      }),
      { numRuns: 5000 },
    )
    // The generator must actually reach the accepting path for the assertion to mean anything.
    expect(acceptedCount).toBeGreaterThan(0)
  })

  it('is idempotent on accepted addresses', () => {
    fc.assert(
      fc.property(emailish, (input) => {
        const first = parseEmail(input)
        if (!first.ok) return
        expect(parseEmail(first.address)).toEqual(first)
      }),
      { numRuns: 5000 },
    )
  })
})
