import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import {
  loadTemplates,
  parseTemplate,
  previewValues,
  renderTemplate,
  renderTranslation,
  TemplateError,
  TemplateRenderError,
  tryRenderTemplate,
  MAX_SUPPORTER_OUTPUTS,
  VARIABLE_NAMES,
  type TemplateSource,
} from '../../src/core/campaign-template.js'
import { buildTemplates, readTemplateSources } from '../../scripts/build-templates.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const templatesDir = join(root, 'templates')

const readRealSources = (): TemplateSource[] =>
  readdirSync(templatesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({
      id: e.name,
      metadata: JSON.parse(readFileSync(join(templatesDir, e.name, 'campaign.json'), 'utf8')) as unknown,
      body: readFileSync(join(templatesDir, e.name, 'body.liquid'), 'utf8'),
    }))

const baseMetadata = (id: string, variables: unknown[] = []) => ({
  id,
  kind: 'petition',
  title: 'Test petition',
  summary: 'A petition used by the tests.',
  addressee: 'Test addressees',
  targets: [{ name: 'Test body', role: 'Test role' }],
  goal: 100,
  privacyMode: 'protected',
  language: 'en',
  variables,
  sources: [{ title: 'A source', publisher: 'A publisher', date: '2016' }],
})

const signerName = { name: 'signer_name', scope: 'signer', description: 'Name', example: 'Sam Taylor' }
const signerComment = { name: 'signer_comment', scope: 'signer', description: 'Comment', example: 'An example comment.' }

const source = (body: string, variables: unknown[] = [signerName], id = 'test-template'): TemplateSource => ({
  id,
  metadata: baseMetadata(id, variables),
  body,
})

const errorOf = (fn: () => unknown): TemplateError => {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError)
    return e as TemplateError
  }
  throw new Error('expected a TemplateError')
}

describe('real templates', () => {
  const sources = readRealSources()

  it('finds the four campaign templates', () => {
    expect(sources.map((s) => s.id).sort()).toEqual([
      'icc-referral-yazidi',
      'platform-accountability',
      'recognise-yazidi-genocide',
      'universal-jurisdiction',
    ])
  })

  it('all load together', () => {
    expect(loadTemplates(sources)).toHaveLength(sources.length)
  })

  for (const s of readRealSources()) {
    describe(s.id, () => {
      const template = parseTemplate(s)

      it('renders with the example values, leaving no Liquid behind', () => {
        const text = renderTemplate(template, {})
        expect(text.length).toBeGreaterThan(200)
        expect(text).not.toMatch(/\{\{|\}\}|\{%|%\}/)
        for (const v of template.variables) expect(text).toContain(v.example)
      })

      it('renders with blank fallbacks and with real values', () => {
        const blank = renderTemplate(template, {}, { fallback: 'blank' })
        expect(blank).not.toMatch(/\{\{|\{%/)
        const values = Object.fromEntries(template.variables.map((v) => [v.name, `«${v.name}»`]))
        const text = renderTemplate(template, values)
        for (const v of template.variables) expect(text).toContain(`«${v.name}»`)
      })

      it('has sound metadata', () => {
        expect(template.id).toBe(s.id)
        expect(template.privacyMode).toBe('protected')
        expect(template.language).toBe('en')
        expect(template.sources.length).toBeGreaterThan(0)
        if (template.kind === 'letter') expect(template.subject).toBeTruthy()
        for (const v of template.variables) expect(VARIABLE_NAMES).toContain(v.name)
      })

      it('separates paragraphs with single blank lines', () => {
        const text = renderTemplate(template, {})
        expect(text).not.toMatch(/\n{3,}/)
        expect(text).toBe(text.trim())
      })
    })
  }
})

describe('parseTemplate', () => {
  it('accepts a valid template', () => {
    const t = parseTemplate(source('Signed by {{ signer_name | upcase }}.'))
    expect(t.body).toBe('Signed by {{ signer_name | upcase }}.')
    expect(t.title).toBe('Test petition')
  })

  it('rejects an undeclared variable at load, naming it', () => {
    const err = errorOf(() => parseTemplate(source('Hello {{ signer_name }} from {{ signer_town }}.')))
    expect(err.message).toContain('undeclared variable "signer_town"')
    expect(err.message).toContain('test-template')
    expect(err.problems).toHaveLength(1)
  })

  it('rejects a variable outside the allowed list used in the body', () => {
    const err = errorOf(() => parseTemplate(source('Hello {{ email }}.')))
    expect(err.message).toContain('unknown variable "email"')
  })

  it('rejects variables hidden in if conditions and filter arguments', () => {
    const err = errorOf(() =>
      parseTemplate(source('{% if deadline %}x{% endif %} {{ signer_name | default: signer_town }}')),
    )
    expect(err.message).toContain('"deadline"')
    expect(err.message).toContain('"signer_town"')
  })

  it('rejects property access on a variable', () => {
    const err = errorOf(() => parseTemplate(source('{{ signer_name.size }}')))
    expect(err.message).toContain('signer_name.size')
  })

  it('rejects a declared name outside the allowed list', () => {
    const err = errorOf(() =>
      parseTemplate(source('Hi.', [{ name: 'signer_email', scope: 'signer', description: 'Email', example: 'a@b.c' }])),
    )
    expect(err.message).toContain('"signer_email" is not an allowed variable name')
  })

  it('rejects a declared variable with the wrong scope, and duplicates', () => {
    const err = errorOf(() =>
      parseTemplate(source('{{ signer_name }}', [{ ...signerName, scope: 'campaign' }, signerName])),
    )
    expect(err.message).toContain('must have scope "signer"')
    expect(err.message).toContain('declared more than once')
  })

  it.each([
    ['include', '{% include "header" %}'],
    ['render', "{% render 'footer' %}"],
    ['layout', '{% layout "base" %}'],
    ['assign', '{% assign x = "y" %}'],
    ['for', '{% for x in signer_name %}{% endfor %}'],
    ['raw', '{% raw %}{{ signer_name }}{% endraw %}'],
  ])('rejects the %s tag', (name, body) => {
    const err = errorOf(() => parseTemplate(source(`Hello {{ signer_name }}. ${body}`)))
    expect(err.message).toContain(`tag "{% ${name} %}" is not allowed`)
  })

  it.each(['escape', 'append: "x"', 'downcase', 'no_such_filter'])('rejects the filter %s', (filter) => {
    const err = errorOf(() => parseTemplate(source(`Hello {{ signer_name | ${filter} }}.`)))
    expect(err.message).toContain(`filter "${filter.split(':')[0]}" is not allowed`)
  })

  it('allows if/elsif/else/unless and the three filters', () => {
    const t = parseTemplate(
      source(
        '{% if signer_comment != blank %}{{ signer_comment | capitalize }}{% elsif signer_name %}x{% else %}y{% endif %}' +
          '{% unless signer_name == "" %}{{ signer_name | default: "friend" | upcase }}{% endunless %}',
        [signerName, signerComment],
      ),
    )
    expect(renderTemplate(t, { signer_comment: 'hello', signer_name: 'sam' })).toBe('HelloSAM')
  })

  it('rejects bad metadata fields, listing every problem', () => {
    const metadata = { ...baseMetadata('test-template'), goal: -5, kind: 'memo', extra: true, language: 'xx' }
    const err = errorOf(() => parseTemplate({ id: 'test-template', metadata, body: '{{ nope }} {% include "x" %}' }))
    const text = err.message
    expect(text).toContain('goal')
    expect(text).toContain('kind')
    expect(text).toContain('extra')
    expect(text).toContain('language')
    expect(text).toContain('tag "{% include %}"')
    expect(text).toContain('unknown variable "nope"')
    expect(err.problems.length).toBeGreaterThanOrEqual(6)
  })

  it('requires the id to match the folder and a subject for letters only', () => {
    const err = errorOf(() =>
      parseTemplate({ id: 'folder-name', metadata: { ...baseMetadata('other-name'), kind: 'letter' }, body: 'Hi.' }),
    )
    expect(err.message).toContain('must equal the folder name "folder-name"')
    expect(err.message).toContain('a letter needs a subject')
    const err2 = errorOf(() =>
      parseTemplate({ id: 'x', metadata: { ...baseMetadata('x'), subject: 'A subject' }, body: 'Hi.' }),
    )
    expect(err2.message).toContain('only letters have a subject')
  })

  it('rejects unparseable bodies', () => {
    expect(errorOf(() => parseTemplate(source('{% if signer_name %}open'))).message).toContain('not closed')
    expect(errorOf(() => parseTemplate(source('{{ signer_name '))).message).toContain('not closed')
    expect(errorOf(() => parseTemplate(source('   '))).message).toContain('empty')
  })
})

describe('loadTemplates', () => {
  it('collects problems from every template into one error', () => {
    const err = errorOf(() =>
      loadTemplates([
        source('{{ signer_town }}', [signerName], 'first'),
        source('{{ signer_name }}', [signerName], 'fine'),
        source('{{ signer_name | escape }}', [signerName], 'second'),
      ]),
    )
    expect(err.message).toContain('[first]')
    expect(err.message).toContain('[second]')
    expect(err.message).not.toContain('[fine]')
    expect(err.problems).toHaveLength(2)
  })

  it('rejects duplicate ids', () => {
    const err = errorOf(() => loadTemplates([source('{{ signer_name }}', [signerName], 'same'), source('Hi', [], 'same')]))
    expect(err.message).toContain('template id "same" is used by 2 templates')
  })
})

describe('renderTemplate', () => {
  const t = parseTemplate(
    source('Dear friends,\n\n{% if signer_comment != blank %}{{ signer_comment }}\n\n{% endif %}{{ signer_name }}', [
      signerName,
      signerComment,
    ]),
  )

  it('falls back to the declared examples for missing values', () => {
    expect(renderTemplate(t, {})).toBe('Dear friends,\n\nAn example comment.\n\nSam Taylor')
    expect(renderTemplate(t, { signer_name: 'Ada' })).toBe('Dear friends,\n\nAn example comment.\n\nAda')
    expect(previewValues(t)).toEqual({ signer_name: 'Sam Taylor', signer_comment: 'An example comment.' })
    expect(renderTemplate(t, previewValues(t))).toBe(renderTemplate(t, {}))
  })

  it('uses an empty string as given, and blank fallbacks on request', () => {
    expect(renderTemplate(t, { signer_comment: '' })).toBe('Dear friends,\n\nSam Taylor')
    expect(renderTemplate(t, { signer_name: 'Ada' }, { fallback: 'blank' })).toBe('Dear friends,\n\nAda')
  })

  it('does not HTML-escape and does not interpret values as Liquid', () => {
    const out = renderTemplate(t, { signer_name: 'A <b>&</b> "B"', signer_comment: '{{ signer_name }} {% include "x" %}' })
    expect(out).toContain('A <b>&</b> "B"')
    expect(out).toContain('{{ signer_name }} {% include "x" %}')
  })

  it('ignores values for undeclared names', () => {
    expect(renderTemplate(t, { signer_town: 'Leeds', signer_comment: '' })).not.toContain('Leeds')
  })

  it('validates a template object that did not come from the loader', () => {
    const copy = JSON.parse(JSON.stringify(t)) as typeof t
    expect(renderTemplate(copy, { signer_comment: '' })).toBe('Dear friends,\n\nSam Taylor')
    expect(() => renderTemplate({ ...copy, body: '{{ signer_town }}' }, {})).toThrow(TemplateError)
  })
})

describe('constructs whose cost grows with an input', () => {
  const RANGES = 'Ranges like (1..N) are not allowed in templates'
  const organiserName = { name: 'organiser_name', scope: 'campaign', description: 'Organiser', example: 'Amicus' }
  const vars = [signerName, signerComment, organiserName]

  // Every spelling of a range the engine would evaluate, in every place it could stand.
  const hidden: [string, string][] = [
    ['an if condition', '{% if (1..2000000) contains 0 %}x{% endif %}'],
    ['an if with spaces in the range', '{% if ( 1 .. 2000000 ) contains 0 %}x{% endif %}'],
    ['an if split over lines', '{% if\n  (1..\n2000000)\n  contains 0 %}x{% endif %}'],
    ['whitespace control', '{%- if (1..signer_comment) contains 0 -%}x{%- endif -%}'],
    ['an elsif', '{% if signer_name == "a" %}a{% elsif (1..signer_comment) contains 0 %}b{% endif %}'],
    ['an unless', '{% unless (1..signer_comment) contains 0 %}x{% endunless %}'],
    ['an and/or chain', '{% if signer_name and (1..9999999) contains 0 or true %}x{% endif %}'],
    ['a comparison', '{% if (1..9999999) == signer_name %}x{% endif %}'],
    ['an output', '{{ (1..signer_comment) }}'],
    ['an output with whitespace control', '{{- ( 1..9999999 ) -}}'],
    ['a property of a range', '{{ (1..9999999).size }}'],
    ['a filter argument', '{{ signer_name | default: (1..9999999) }}'],
    ['an index', '{{ signer_name[(1..9999999)] }}'],
    ['an assign', '{% assign r = (1..signer_comment) %}{{ r }}'],
    ['an assign without spaces', '{%assign r=(1..9999999)%}'],
    ['the liquid tag', '{% liquid\n  assign r = (1..signer_comment)\n  echo r\n%}'],
    ['the liquid tag with an if', '{% liquid if (1..9999999) contains 0\n echo "x"\n endif %}'],
    ['a for loop', '{% for i in (1..signer_comment) %}{{ i }}{% endfor %}'],
    ['a for loop with a limit', '{% for i in (1..9999999) limit: 2 %}{{ i }}{% endfor %}'],
    ['a nested for loop', '{% for i in (1..3) %}{% for j in (1..signer_comment) %}x{% endfor %}{% endfor %}'],
    ['a tablerow', '{% tablerow i in (1..signer_comment) %}{{ i }}{% endtablerow %}'],
    ['a cycle', '{% cycle (1..9999999), 2 %}'],
    ['a case', '{% case (1..9999999) %}{% when 1 %}x{% endcase %}'],
    ['a when', '{% case signer_name %}{% when (1..9999999) %}x{% endcase %}'],
  ]
  for (const [where, body] of hidden) {
    it(`refuses a range in ${where}, naming it`, () => {
      const err = errorOf(() => parseTemplate(source(body, vars)))
      expect(err.problems.map((p) => p.message).join('\n')).toContain(RANGES)
    })
  }

  it('refuses loops, assignments and multiplying filters even without a range', () => {
    for (const [body, named] of [
      ['{% for w in signer_comment %}{{ w }}{% endfor %}', 'tag "{% for %}"'],
      ['{% assign c = signer_comment | append: signer_comment %}{{ c }}', 'tag "{% assign %}"'],
      ['{{ signer_comment | split: "" | join: signer_comment }}', 'filter "split"'],
      ['{{ signer_comment | append: signer_comment }}', 'filter "append"'],
      ['{{ signer_comment | times: 1000 }}', 'filter "times"'],
      ['{% capture c %}{{ signer_comment }}{% endcapture %}', 'tag "{% capture %}"'],
      ['{% raw %}{% if (1..9) contains 0 %}{% endraw %}', 'tag "{% raw %}"'],
      ['{% # (1..9) %}', 'tag "{% # %}"'],
    ] as const) {
      expect(errorOf(() => parseTemplate(source(body, vars))).message, body).toContain(named)
    }
  })

  it('refuses properties of literals', () => {
    expect(errorOf(() => parseTemplate(source('{{ "abc".size }}', vars))).message).toContain('properties of a value that is not a plain variable')
  })

  it(`lets a body print what a supporter writes at most ${MAX_SUPPORTER_OUTPUTS} times`, () => {
    const prints = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? '{{ signer_comment }}' : '{{ signer_name | upcase }}')).join('\n')
    expect(() => parseTemplate(source(prints(MAX_SUPPORTER_OUTPUTS), vars))).not.toThrow()
    const err = errorOf(() => parseTemplate(source(prints(MAX_SUPPORTER_OUTPUTS + 1), vars)))
    expect(err.message).toContain(`printed ${MAX_SUPPORTER_OUTPUTS + 1} times`)
    // conditions on them cost nothing and do not count
    const conditions = Array.from({ length: 20 }, () => '{% if signer_comment != blank %}x{% endif %}').join('')
    expect(() => parseTemplate(source(conditions, vars))).not.toThrow()
  })

  it('refuses a range bounded by a supporter value in a template that skipped the checks, quickly and as a result', () => {
    const t = parseTemplate(source('{% if signer_comment != blank %}{{ signer_comment }}{% endif %}', vars))
    const tampered = { ...(JSON.parse(JSON.stringify(t)) as typeof t), body: '{% if (1..signer_comment) contains 0 %}x{% endif %}{{ signer_name }}' }
    const started = performance.now()
    expect(() => renderTemplate(tampered, { signer_comment: '9999999' })).toThrow(TemplateError)
    const r = tryRenderTemplate(tampered, { signer_comment: '9999999' }, { fallback: 'blank' })
    expect(performance.now() - started).toBeLessThan(200)
    expect(r).toEqual({ ok: false, reason: 'template_failed', message: expect.stringContaining(RANGES) })
  })

  it('caps the rendered length, and says so as a result', () => {
    const long = { ...organiserName, example: 'x'.repeat(2000) }
    const t = parseTemplate(source(Array.from({ length: 60 }, () => '{{ organiser_name }}').join('\n'), [long]))
    expect(() => renderTemplate(t, {})).toThrow(TemplateRenderError)
    const r = tryRenderTemplate(t, {})
    expect(r.ok).toBe(false)
    expect(!r.ok && r.message).toContain('longer than 100,000 characters')
    expect(tryRenderTemplate(t, { organiser_name: 'Amicus' })).toEqual({ ok: true, text: expect.stringMatching(/^Amicus\nAmicus/) })
  })

  it('caps the memory one render may use', () => {
    const long = { ...organiserName, example: 'x'.repeat(2000) }
    const t = parseTemplate(source(Array.from({ length: 600 }, () => '{{ organiser_name | upcase }}').join(''), [long]))
    const r = tryRenderTemplate(t, {})
    expect(r).toEqual({ ok: false, reason: 'template_failed', message: expect.stringContaining('too much memory') })
  })
})

describe('build-templates', () => {
  const temps: string[] = []
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'amicus-templates-'))
    temps.push(dir)
    return dir
  }
  const writeTemplate = (dir: string, id: string, metadata: unknown, body: string | undefined) => {
    mkdirSync(join(dir, id), { recursive: true })
    writeFileSync(join(dir, id, 'campaign.json'), typeof metadata === 'string' ? metadata : JSON.stringify(metadata))
    if (body !== undefined) writeFileSync(join(dir, id, 'body.liquid'), body)
  }
  afterEach(() => {
    for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('builds the real templates into a generated module', () => {
    const out = join(tempDir(), 'generated', 'templates.ts')
    const { count } = buildTemplates(templatesDir, out)
    expect(count).toBe(4)
    const text = readFileSync(out, 'utf8')
    expect(text).toContain("import type { TemplateSource } from '../core/campaign-template.js'")
    expect(text).toContain('export const templateSources: TemplateSource[] = [')
    const json = text.slice(text.indexOf('= [') + 2)
    const sources = JSON.parse(json) as TemplateSource[]
    expect(loadTemplates(sources).map((t) => t.id)).toEqual(readTemplateSources(templatesDir).map((s) => s.id))
  })

  it('fails on a broken template, listing every problem, and writes nothing', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'README.md'), 'not a template')
    writeTemplate(dir, 'good', baseMetadata('good', [signerName]), '{{ signer_name }}')
    writeTemplate(dir, 'broken', baseMetadata('broken', [signerName]), '{{ signer_name }} {{ signer_town }} {% render "x" %}')
    writeTemplate(dir, 'bad-json', '{ not json', '{{ signer_name }}')
    writeTemplate(dir, 'no-body', baseMetadata('no-body'), undefined)
    const out = join(dir, 'out', 'templates.ts')
    const err = errorOf(() => buildTemplates(dir, out))
    expect(err.message).toContain('[broken]')
    expect(err.message).toContain('"signer_town"')
    expect(err.message).toContain('{% render %}')
    expect(err.message).toContain('[bad-json] campaign.json')
    expect(err.message).toContain('[no-body] body.liquid')
    expect(err.message).not.toContain('[good]')
    expect(existsSync(out)).toBe(false)
  })

  it('fails on a missing or empty folder', () => {
    expect(() => readTemplateSources(join(tempDir(), 'nope'))).toThrow(TemplateError)
    expect(() => readTemplateSources(tempDir())).toThrow(/no template folders/)
  })
})

describe('template translations', () => {
  const withTranslations = (translations: unknown[], body = '{{ signer_name }} signs.'): TemplateSource => ({
    ...source(body),
    translations: translations as TemplateSource['translations'],
  })
  const de = { language: 'de', metadata: { title: 'Titel', summary: 'Zusammenfassung' }, body: '{{ signer_name }} unterschreibt.' }

  it('every real template has Arabic, Kurmanji, German and French, each using exactly the original’s variables', () => {
    for (const t of loadTemplates(readTemplateSources(templatesDir))) {
      expect(t.translations?.map((tr) => tr.language).sort(), t.id).toEqual(['ar', 'de', 'fr', 'ku'])
      for (const tr of t.translations ?? []) {
        expect(tr.title.length, `${t.id} ${tr.language}`).toBeGreaterThan(10)
        expect(tr.body, `${t.id} ${tr.language}`).not.toBe(t.body)
      }
    }
  })

  it('are validated like the original and render with their own examples', () => {
    const t = parseTemplate(withTranslations([{ ...de, metadata: { ...de.metadata, examples: { signer_name: 'Kim Muster' } } }]))
    expect(t.translations).toHaveLength(1)
    expect(renderTemplate(t, {})).toBe('Sam Taylor signs.')
    const german = t.translations![0]!
    expect(renderTranslation(t, german, {})).toBe('Kim Muster unterschreibt.')
    expect(renderTranslation(t, german, { signer_name: 'Leyla' })).toBe('Leyla unterschreibt.')
    // a copy of the template (as tests and organisers make them) still renders
    expect(renderTemplate({ ...t, goal: 5 }, {})).toBe('Sam Taylor signs.')
  })

  it('refuse an unsupported or repeated language, a missing or extra variable, unknown keys and undeclared examples', () => {
    const err = errorOf(() =>
      parseTemplate(
        withTranslations([
          { ...de, language: 'xx' },
          { ...de, language: 'en' },
          { ...de, language: 'fr', body: 'Personne ne signe.' },
          { ...de, language: 'ar', body: '{{ signer_name }} {{ signer_town }}' },
          { ...de, language: 'ku', metadata: { title: 'Sernav', summary: 'Kurte', subject: 'x' } },
          de,
          de,
        ]),
      ),
    )
    const messages = err.problems.map((p) => p.message)
    expect(messages).toContain('translation "xx": not a supported language')
    expect(messages).toContain('translation "en": is the template\'s own language')
    expect(messages).toContain('body.fr.liquid uses the variables {} but body.liquid uses {signer_name}')
    expect(messages.some((m) => m.startsWith('body.ar.liquid uses undeclared variable "signer_town"'))).toBe(true)
    expect(messages.some((m) => m.startsWith('campaign.ku.json') && m.includes('subject'))).toBe(true)
    expect(messages).toContain('translation "de": given more than once')
    const examples = errorOf(() => parseTemplate(withTranslations([{ ...de, metadata: { ...de.metadata, examples: { signer_town: 'Amed' } } }])))
    expect(examples.problems.map((p) => p.message)).toEqual(['campaign.de.json examples: "signer_town" is not declared in campaign.json'])
  })

  it('are read by the build from campaign.<lang>.json + body.<lang>.liquid, and a body without its json fails it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amicus-templates-'))
    try {
      mkdirSync(join(dir, 'one'))
      writeFileSync(join(dir, 'one', 'campaign.json'), JSON.stringify(baseMetadata('one', [signerName])))
      writeFileSync(join(dir, 'one', 'body.liquid'), '{{ signer_name }}')
      writeFileSync(join(dir, 'one', 'campaign.de.json'), JSON.stringify(de.metadata))
      writeFileSync(join(dir, 'one', 'body.de.liquid'), de.body)
      expect(readTemplateSources(dir)[0]?.translations).toEqual([de])
      writeFileSync(join(dir, 'one', 'body.fr.liquid'), de.body)
      expect(() => readTemplateSources(dir)).toThrow(/body\.fr\.liquid has no campaign\.fr\.json beside it/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
