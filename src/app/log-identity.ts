import { makeVerifierKey, publicKeyFromSeed } from '../core/checkpoint.js'
import type { Deps } from './deps.js'

/** The deployment's log key: its name is the site's host; its vkey is printed on every campaign page. */
export const logIdentity = (deps: Pick<Deps, 'config' | 'keys'>) => {
  const name = new URL(deps.config.siteUrl).host
  return { name, seed: deps.keys.logSeed, vkey: makeVerifierKey(name, publicKeyFromSeed(deps.keys.logSeed)) }
}

export const logOriginFor = (siteUrl: string, campaignId: string): string => `${new URL(siteUrl).host}/log/${campaignId}`
