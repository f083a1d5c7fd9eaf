import type { Browser } from 'playwright-core'
import type { RunningServer } from '../../src/entry/node-server.js'
import { launchChromium } from './browser.js'
import { startJourneyServer } from './server.js'

export type BrowserJourney = {
  server: RunningServer
  smtp: Awaited<ReturnType<typeof startJourneyServer>>['smtp']
  browser: Browser
  /** Closes the browser, then the server and its mail sink. */
  stop: () => Promise<void>
}

/** The real server (seeded, outbox drained every 100 ms) on localhost, and Chromium, for one journey file. */
export const startBrowserJourney = async (config: Record<string, string> = {}): Promise<BrowserJourney> => {
  const started = await startJourneyServer({ SEED_TEMPLATES: 'true', OUTBOX_INTERVAL_MS: '100', ...config }, 'localhost')
  const browser = await launchChromium()
  return {
    server: started.server,
    smtp: started.smtp,
    browser,
    stop: async () => {
      await browser.close()
      await started.stop()
    },
  }
}
