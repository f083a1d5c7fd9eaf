import { transition, type TransitionTable } from './state-machine.js'

export type CampaignStatus = 'draft' | 'in_review' | 'live' | 'closed' | 'delivered' | 'archived'
export type CampaignEvent = 'submit' | 'approve' | 'reject' | 'close' | 'deliver' | 'archive'
export type PrivacyMode = 'protected' | 'standard'

export const campaignTransitions: TransitionTable<CampaignStatus, CampaignEvent> = {
  submit: { from: ['draft'], to: 'in_review' },
  approve: { from: ['in_review'], to: 'live' },
  reject: { from: ['in_review'], to: 'draft' },
  close: { from: ['live'], to: 'closed' },
  deliver: { from: ['closed'], to: 'delivered' },
  archive: { from: ['closed', 'delivered'], to: 'archived' },
}

export const nextCampaignStatus = (from: CampaignStatus, event: CampaignEvent) =>
  transition(campaignTransitions, from, event)

export type OpenCheck = { status: CampaignStatus; deadline: number | null; purgedAt: number | null }

/** Signatures are taken only while live and before the deadline (seconds). */
export const isOpenForSignatures = (c: OpenCheck, nowMs: number): boolean =>
  c.status === 'live' && c.purgedAt === null && (c.deadline === null || nowMs / 1000 < c.deadline)

/** Public pages show live, closed and delivered campaigns; drafts and archives stay hidden. */
export const isPublic = (c: { status: CampaignStatus }): boolean =>
  c.status === 'live' || c.status === 'closed' || c.status === 'delivered'

/** Smallest published cell: stricter for protected campaigns. */
export const breakdownK = (mode: PrivacyMode, k: { standard: number; protected: number }): number =>
  mode === 'protected' ? k.protected : k.standard

/** Retention: signer data goes at close + configured days, never later than six months after close. */
export const MAX_PURGE_DAYS = 180
/** The longest legal hold that can be set at once (it can be renewed). */
export const MAX_LEGAL_HOLD_DAYS = 730

/** Whether a legal hold still stops the campaign's signer data from being purged. */
export const isUnderLegalHold = (c: { legalHoldUntil: number | null }, nowSeconds: number): boolean =>
  c.legalHoldUntil !== null && c.legalHoldUntil > nowSeconds

export const purgeAfter = (closedAtSeconds: number, days: number): number =>
  closedAtSeconds + Math.min(days, MAX_PURGE_DAYS) * 86_400
