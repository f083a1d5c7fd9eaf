import { transition, type TransitionTable } from './state-machine.js'

export type SignatureStatus = 'pending' | 'confirmed' | 'withdrawn' | 'quarantined'
export type SignatureEvent = 'confirm' | 'withdraw' | 'quarantine' | 'restore'

/** The signature lifecycle. Expired pending signatures are deleted, not transitioned. */
export const signatureTransitions: TransitionTable<SignatureStatus, SignatureEvent> = {
  confirm: { from: ['pending'], to: 'confirmed' },
  withdraw: { from: ['confirmed', 'quarantined'], to: 'withdrawn' },
  quarantine: { from: ['pending', 'confirmed'], to: 'quarantined' },
  restore: { from: ['quarantined'], to: 'confirmed' },
}

export const nextSignatureStatus = (from: SignatureStatus, event: SignatureEvent) =>
  transition(signatureTransitions, from, event)

/** Confirmed and held (quarantined) signatures can be withdrawn by their signer. */
export const canWithdraw = (status: SignatureStatus): boolean => signatureTransitions.withdraw.from.includes(status)

/** Signer-related times are stored to the hour only. */
export const hourBucket = (ms: number): number => Math.floor(ms / 3_600_000) * 3600

/** The statement sealed to the organiser key: only the organiser, offline, can read it. */
export type SignedStatement = {
  v: 1
  campaignId: string
  signatureId: string
  name: string
  email: string
  country: string
  postcode: string
  comment: string
  consents: { sign: true; updates: boolean; publicName: boolean; shareName: boolean; receipt: boolean }
  signedHour: number
  /**
   * Only for supporters imported from a list (`amicus import-signers`): the name as the list had it
   * in two parts, and the list's tags, so that exporting them again gives the same list.
   */
  imported?: { givenName: string; familyName: string; tags: string[] }
}
