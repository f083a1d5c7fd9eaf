import { createAltchaChallenge, verifyAltchaSolution, type AltchaChallenge } from '../../core/altcha.js'
import { recordPowQuery } from '../../data/pow-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

export const POW_VALID_SECONDS = 20 * 60

/**
 * An ALTCHA-compatible proof-of-work challenge (no third party: signed with a key derived from
 * APP_SECRET). The browser solves it in the background while the supporter fills in the form.
 */
export const createPowChallenge = async (deps: Deps): Promise<AltchaChallenge> =>
  createAltchaChallenge({ hmacKey: deps.keys.powKey, maxNumber: deps.config.powMaxNumber, expiresAt: nowSeconds(deps) + POW_VALID_SECONDS })
    .challenge

export type PowCheck = 'missing' | 'valid' | 'invalid' | 'expired' | 'replayed'

/**
 * Checks a solution: signature and answer, expiry (against our clock), and that this
 * challenge was not used before — the replay record is written in the same step, so a
 * solution counts once even under concurrent requests. The record is the signed challenge
 * (unique per issued challenge: its salt is random), not the payload bytes, so re-encoding
 * one solution (other JSON or base64 forms of it) is a replay too.
 */
export const checkPow = async (deps: Deps, payload: string | undefined): Promise<PowCheck> => {
  if (!payload) return 'missing'
  const check = verifyAltchaSolution(payload, deps.keys.powKey)
  if (!check.ok) return 'invalid'
  if (check.expiresAt < nowSeconds(deps)) return 'expired'
  const [fresh] = await deps.atomic([recordPowQuery(deps.db, check.challenge, check.expiresAt)])
  return fresh === 1 ? 'valid' : 'replayed'
}
