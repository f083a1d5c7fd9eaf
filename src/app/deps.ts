import type { Config } from '../config.js'
import type { CampaignTemplate } from '../core/campaign-template.js'
import type { Keyring } from '../core/crypto.js'
import type { Atomic, Cache, CardRenderer, Clock, HttpPoster, Ids, Logger, Mailer, TombstoneLog } from '../core/ports.js'
import type { Db } from '../data/db.js'

/** Everything a use case may touch, passed in; nothing is imported as a global. */
export type Deps = {
  db: Db
  atomic: Atomic
  mailer: Mailer
  /** Posts webhook events (only from the outbox drainer). */
  http: HttpPoster
  clock: Clock
  ids: Ids
  config: Config
  log: Logger
  keys: Keyring
  cache: Cache
  templates: readonly CampaignTemplate[]
  /** Asks the outbox drainer to run soon (after the current request); never sends inline. */
  kick: () => void
  /** Where purges are remembered outside the database, for restores from backup. */
  tombstones?: TombstoneLog
  /** Draws the link-preview picture of a campaign; without it the card address answers 404. */
  cardRenderer?: CardRenderer
}

export const nowSeconds = (deps: Pick<Deps, 'clock'>): number => Math.floor(deps.clock.now() / 1000)
