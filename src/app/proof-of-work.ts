import { createChallenge, extractParams, verifySolution } from 'altcha-lib'
import type { Challenge } from 'altcha-lib/types'
import { sha256Hex } from '../core/crypto.js'
import { recordPowQuery } from '../data/pow-repo.js'
import { nowSeconds, type Deps } from './deps.js'

const VALID_SECONDS = 20 * 60

/**
 * An ALTCHA-compatible proof-of-work challenge (no third party: signed with a key derived from
 * APP_SECRET). The browser solves it in the background while the supporter fills in the form.
 */
export const createPowChallenge = (deps: Deps): Promise<Challenge> =>
  createChallenge({
    hmacKey: deps.keys.powKey,
    maxNumber: deps.config.powMaxNumber,
    params: { expires: String(nowSeconds(deps) + VALID_SECONDS) },
  })

export type PowCheck = 'missing' | 'valid' | 'invalid' | 'expired' | 'replayed'

/**
 * Checks a solution: signature and answer (altcha-lib), expiry (against our clock), and that
 * this challenge was not used before — the replay record is written in the same step, so a
 * solution counts once even under concurrent requests.
 */
export const checkPow = async (deps: Deps, payload: string | undefined): Promise<PowCheck> => {
  if (!payload) return 'missing'
  let ok = false
  try {
    ok = await verifySolution(payload, deps.keys.powKey, false)
  } catch {
    return 'invalid'
  }
  if (!ok) return 'invalid'
  const expires = Number(extractParams(payload)['expires'])
  if (!Number.isFinite(expires) || expires < nowSeconds(deps)) return 'expired'
  const [fresh] = await deps.atomic([recordPowQuery(deps.db, sha256Hex(payload), expires)])
  return fresh === 1 ? 'valid' : 'replayed'
}
