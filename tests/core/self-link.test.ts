import { describe, expect, it } from 'vitest'
import { selfLink } from '../../src/core/self-link.js'

describe('selfLink', () => {
  it.each([
    ['/c/x?y=1', '/c/x?y=1'],
    ['/', '/'],
    ['', '/'],
    ['//evil.example/', '/evil.example/'],
    ['/\\evil.example', '/evil.example'],
    ['\\/\\/evil.example', '/evil.example'],
    ['/ /evil.example', '/evil.example'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ])('%s → %s', (path, link) => {
    expect(selfLink(path)).toBe(link)
    expect(selfLink(path)).toMatch(/^\/(?:$|[^/\\])/)
  })
})
