import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { composeLetters } from '../../../src/app/letters/compose-letters.js'
import { MAX_RENDERED_LENGTH } from '../../../src/core/campaign-template.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeAll(async () => {
  deps = await makeTestDeps()
})
afterAll(() => deps.cleanup())

const campaignWith = (bodySource: string | null) => ({ title: 'A letter', body: 'The stored text.', templateId: 'universal-jurisdiction', bodySource })
const targets = [
  { name: 'Minister One', role: 'Minister of Justice' },
  { name: 'Minister Two', role: 'Minister of Justice' },
]
const sender = (comment = '') => ({ name: 'Rena Range', town: 'Berlin', comment, replyTo: null })

describe('composeLetters', () => {
  it("writes one letter per recipient from the campaign's text, in order", () => {
    const r = composeLetters(deps, campaignWith('Dear {{ target_name }},\n\n{{ signer_comment }}\n\n{{ signer_name }}, {{ signer_town }}'), targets, sender('Please act.'))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.letters.map((l) => l.content.body)).toEqual([
      'Dear Minister One,\n\nPlease act.\n\nRena Range, Berlin',
      'Dear Minister Two,\n\nPlease act.\n\nRena Range, Berlin',
    ])
    expect(r.letters[0]!.personal).toBe(true)
  })

  it("refuses, at once, a stored text with a range bounded by the supporter's comment (approved under older checks)", () => {
    const started = performance.now()
    for (const comment of ['5000000', '99999999']) {
      const r = composeLetters(deps, campaignWith('{% if (1..signer_comment) contains 0 %}x{% endif %}{{ signer_name }}'), targets, sender(comment))
      expect(r).toEqual({ ok: false, reason: 'letter_unavailable' })
    }
    expect(performance.now() - started).toBeLessThan(200)
  })

  it('refuses a letter that would be longer than the output cap', () => {
    const long = 'x'.repeat(1000)
    const r = composeLetters(
      deps,
      campaignWith(Array.from({ length: 10 }, () => '{{ signer_comment }}').join('') + `{{ target_name }}`.repeat(1)),
      [{ name: 'y'.repeat(MAX_RENDERED_LENGTH), role: 'r' }],
      sender(long),
    )
    expect(r).toEqual({ ok: false, reason: 'letter_unavailable' })
  })
})
