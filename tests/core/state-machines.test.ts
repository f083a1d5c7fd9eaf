import { describe, expect, it } from 'vitest'
import { campaignTransitions, isOpenForSignatures, nextCampaignStatus, purgeAfter } from '../../src/core/campaign.js'
import { hourBucket, nextSignatureStatus } from '../../src/core/signature.js'

describe('signature transitions', () => {
  it.each([
    ['pending', 'confirm', 'confirmed'],
    ['confirmed', 'withdraw', 'withdrawn'],
    ['pending', 'quarantine', 'quarantined'],
    ['quarantined', 'restore', 'confirmed'],
  ] as const)('%s --%s--> %s', (from, event, to) => expect(nextSignatureStatus(from, event)).toBe(to))

  it.each([
    ['confirmed', 'confirm'],
    ['withdrawn', 'confirm'],
    ['pending', 'withdraw'],
    ['withdrawn', 'withdraw'],
    ['withdrawn', 'restore'],
  ] as const)('refuses %s --%s', (from, event) => expect(nextSignatureStatus(from, event)).toBeUndefined())
})

describe('campaign transitions', () => {
  it('follows draft → in review → live → closed → delivered → archived', () => {
    expect(nextCampaignStatus('draft', 'submit')).toBe('in_review')
    expect(nextCampaignStatus('in_review', 'approve')).toBe('live')
    expect(nextCampaignStatus('live', 'close')).toBe('closed')
    expect(nextCampaignStatus('closed', 'deliver')).toBe('delivered')
    expect(nextCampaignStatus('delivered', 'archive')).toBe('archived')
  })
  it('refuses illegal moves', () => {
    expect(nextCampaignStatus('draft', 'approve')).toBeUndefined()
    expect(nextCampaignStatus('archived', 'submit')).toBeUndefined()
    expect(nextCampaignStatus('live', 'deliver')).toBeUndefined()
    expect(Object.keys(campaignTransitions).sort()).toEqual(['approve', 'archive', 'close', 'deliver', 'reject', 'submit'])
  })
  it('is open only while live, unpurged and before the deadline', () => {
    const now = Date.UTC(2026, 0, 1)
    expect(isOpenForSignatures({ status: 'live', deadline: null, purgedAt: null }, now)).toBe(true)
    expect(isOpenForSignatures({ status: 'live', deadline: now / 1000, purgedAt: null }, now)).toBe(false)
    expect(isOpenForSignatures({ status: 'closed', deadline: null, purgedAt: null }, now)).toBe(false)
    expect(isOpenForSignatures({ status: 'live', deadline: null, purgedAt: 1 }, now)).toBe(false)
  })
  it('never purges later than six months after close', () => {
    expect(purgeAfter(0, 30)).toBe(30 * 86_400)
    expect(purgeAfter(0, 9999)).toBe(180 * 86_400)
  })
  it('buckets signer times to the hour', () => {
    expect(hourBucket(Date.UTC(2026, 0, 1, 13, 59, 59))).toBe(Date.UTC(2026, 0, 1, 13) / 1000)
  })
})
