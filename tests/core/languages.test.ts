import { describe, expect, it } from 'vitest'
import { negotiateLanguage } from '../../src/core/languages.js'

describe('negotiateLanguage', () => {
  it.each([
    ['ar,en;q=0.5', ['en', 'ar'], 'ar'],
    ['ar-IQ', ['en', 'ar'], 'ar'],
    ['de;q=0.3, fr;q=0.9', ['en', 'de', 'fr'], 'fr'],
    ['ku, en;q=0.1', ['en', 'ar'], 'en'],
    ['ja', ['en', 'ar'], undefined],
    ['ar;q=0, en', ['en', 'ar'], 'en'],
    ['', ['en'], undefined],
    ['*;q=0.5,;;;,zz', ['en'], undefined],
  ] as const)('%s of %j → %s', (header, available, expected) => expect(negotiateLanguage(header, available)).toBe(expected))
})
