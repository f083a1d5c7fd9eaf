import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readCatalogs } from '../../scripts/build-locales.js'
import { translatorFor } from '../../src/core/i18n.js'
import { checkCatalogs } from '../../src/core/i18n-check.js'
import { LANGUAGES, type Language } from '../../src/core/languages.js'
import { pluralCategoriesOf, type Message } from '../../src/core/message-format.js'
import { catalogs as generated } from '../../src/generated/locales.js'
import { REASONS } from '../../src/web/error-responses.js'

/** The catalogues as they are on disk now (not as last built). */
const onDisk = () => {
  const { catalogs, problems } = readCatalogs()
  expect(problems).toEqual([])
  return catalogs as Record<Language, Record<string, Message>>
}

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? (f === 'generated' ? [] : files(p)) : /\.tsx?$/.test(f) ? [p] : []
  })

/** Every literal key passed to t(), .parts() or msg() in the source, with where it is used. */
const keysUsedInSource = (): { key: string; file: string }[] =>
  files('src').flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\b(?:t|parts|msg)\(\s*'([a-zA-Z][\w.]*)'/g)].map((m) => ({ key: m[1]!, file })),
  )

describe('message catalogues (locales/*.json)', () => {
  it('have every key in every language, with the same placeholders and the plural forms each language needs', () => {
    expect(checkCatalogs(onDisk())).toEqual([])
  })

  it('are what the build embedded (run `npm run build` after editing them)', () => {
    expect(generated).toEqual(onDisk())
  })

  it('the check catches a key removed from one language, an extra key, a changed placeholder and a missing plural form', () => {
    const c = structuredClone(onDisk())
    delete c.ku['sign.name']
    expect(checkCatalogs(c)).toEqual(['ku: missing key "sign.name"'])

    const extra = structuredClone(onDisk())
    extra.fr['sign.nickname'] = 'Surnom'
    expect(checkCatalogs(extra)).toEqual(['fr: key "sign.nickname" is not in en'])

    const fromEnglish = structuredClone(onDisk())
    delete fromEnglish.en['sign.name']
    expect(checkCatalogs(fromEnglish)).toEqual(
      (['ar', 'ku', 'de', 'fr'] as const).map((l) => `${l}: key "sign.name" is not in en`),
    )

    const placeholder = structuredClone(onDisk())
    placeholder.de['checkEmail.sent'] = 'Wir haben einen Link gesendet.'
    expect(checkCatalogs(placeholder)).toEqual(['de: "checkEmail.sent" has placeholders {} but en has {title}'])

    const plural = structuredClone(onDisk())
    const forms = { ...(plural.ar['list.count'] as Record<string, string>) }
    delete forms['few']
    plural.ar['list.count'] = forms as Message
    expect(checkCatalogs(plural)).toEqual(['ar: "list.count" lacks the plural form "few"'])

    const missing = structuredClone(onDisk()) as Record<string, unknown>
    delete missing['de']
    expect(checkCatalogs(missing)).toEqual(['de: the catalogue is missing'])
  })

  it('give Arabic all six plural forms wherever a number is counted', () => {
    expect(pluralCategoriesOf('ar')).toHaveLength(6)
    const ar = onDisk().ar
    const plurals = Object.entries(onDisk().en).filter(([, m]) => typeof m !== 'string')
    expect(plurals.length).toBeGreaterThan(10)
    for (const [key] of plurals) expect(Object.keys(ar[key] as object).sort(), key).toEqual(['few', 'many', 'one', 'other', 'two', 'zero'])
  })

  it('have every key the source uses', () => {
    const en = onDisk().en
    const used = keysUsedInSource()
    expect(used.length).toBeGreaterThan(150)
    expect(used.filter(({ key }) => !Object.hasOwn(en, key))).toEqual([])
    // keys built at run time
    for (const reason of REASONS) {
      expect(en, reason).toHaveProperty([`refusal.${reason}.title`])
      expect(en, reason).toHaveProperty([`refusal.${reason}.message`])
    }
    for (const problem of ['type', 'unreadable', 'file', 'shape', 'repeated']) expect(en).toHaveProperty([`form.read.${problem}`])
    const verifier = readFileSync('src/client/verifier.ts', 'utf8')
    const said = [...verifier.matchAll(/\bsay\('(\w+)'/g)].map((m) => `verifier.${m[1]}`)
    expect(said.length).toBeGreaterThan(10)
    expect(said.filter((k) => !Object.hasOwn(en, k))).toEqual([])
  })
})

describe('catalogues in area folders (locales/<area>/<lang>.json)', () => {
  const write = (dir: string, file: string, messages: object) => {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), JSON.stringify(messages))
  }
  const langs = Object.keys(LANGUAGES)

  it('joins each language’s area files to its main file, and names a key defined twice and an area file missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amicus-locales-'))
    try {
      for (const l of langs) {
        write(dir, `${l}.json`, { 'a.one': l })
        write(dir, `emails/${l}.json`, { 'b.two': l })
        if (l !== 'fr') write(dir, `workspace/${l}.json`, l === 'de' ? { 'a.one': 'again' } : { 'c.three': l })
      }
      const { catalogs, problems } = readCatalogs(dir)
      expect(catalogs['ar']).toEqual({ 'a.one': 'ar', 'b.two': 'ar', 'c.three': 'ar' })
      expect(problems).toEqual([
        `de: "a.one" is defined in both ${join(dir, 'de.json')} and ${join(dir, 'workspace/de.json')}`,
        `fr: ${join(dir, 'workspace/fr.json')} is missing`,
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('translatorFor', () => {
  it('chooses Arabic plural forms by CLDR rules and formats numbers for the language', () => {
    const { t } = translatorFor('ar')
    expect(t('list.count', { count: 1 })).toBe('توقيع واحد')
    expect(t('list.count', { count: 2 })).toBe('توقيعان')
    expect(t('list.count', { count: 3 })).toBe('3 توقيعات')
    expect(t('list.count', { count: 11 })).toBe('11 توقيعًا')
    expect(t('list.count', { count: 100 })).toBe('100 توقيع')
    expect(translatorFor('de').t('list.count', { count: 1234 })).toBe('1.234 Unterschriften')
    expect(translatorFor('en').t('list.count', { count: 1 })).toBe('1 signature')
  })

  it('refuses, loudly, a placeholder without a value, a plural message without a count and a key it does not know', () => {
    const { t } = translatorFor('fr')
    expect(() => t('checkEmail.sent')).toThrow(/needs a value for \{title\}/)
    expect(() => t('list.count')).toThrow(/needs a numeric \{count\}/)
    expect(() => t('no.such.key' as never)).toThrow(/no message "no.such.key" in fr/)
  })

  it('knows each language’s direction', () => {
    for (const lang of Object.keys(LANGUAGES) as Language[]) expect(translatorFor(lang).dir).toBe(lang === 'ar' ? 'rtl' : 'ltr')
  })
})
