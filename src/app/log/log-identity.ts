import { makeVerifierKey, publicKeyFromSeed } from '../../core/checkpoint.js'
import type { Deps } from '../deps.js'

export type LogIdentity = { name: string; seed: Uint8Array; vkey: string }

const memo = new WeakMap<object, LogIdentity>()

/**
 * The deployment's log key: its name is the site's host; its vkey is printed on every campaign
 * page. Deriving the Ed25519 public key costs milliseconds, so it is computed once per keyring.
 */
export const logIdentity = (deps: Pick<Deps, 'config' | 'keys'>): LogIdentity => {
  const name = new URL(deps.config.siteUrl).host
  const known = memo.get(deps.keys)
  if (known?.name === name) return known
  const id = { name, seed: deps.keys.logSeed, vkey: makeVerifierKey(name, publicKeyFromSeed(deps.keys.logSeed)) }
  memo.set(deps.keys, id)
  return id
}

export const logOriginFor = (siteUrl: string, campaignId: string): string => `${new URL(siteUrl).host}/log/${campaignId}`
