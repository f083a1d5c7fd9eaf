import { describe, expect, it } from 'vitest'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { verifyLogBundle } from '../../src/core/log-verify.js'
import { startJourneyServer } from '../support/server.js'

/**
 * A bounded soak on loopback: for a few seconds many supporters sign and confirm at once while
 * the outbox drains into a mail server that refuses a third of all recipients with 451. Then
 * the mail server recovers. In the end counts, log and delivered mail must all agree: every
 * confirmation email arrived exactly once, every confirmed signature is counted once, nothing
 * is left queued or dead.
 */
describe('soak: signing and confirming against a flaky mail server', () => {
  it('ends with counts, log and delivered mail consistent', async () => {
    // Every signer writes from one address and one mail domain: no limit may hold anyone back
    // (a held signature confirms but is not counted, and the counts below would differ).
    const { server, smtp, stop } = await startJourneyServer({
      SEED_TEMPLATES: 'true',
      OUTBOX_INTERVAL_MS: '50',
      SIGN_LIMIT_PER_IP_HOUR: '1000000',
      NOJS_SIGN_LIMIT_PER_IP_HOUR: '1000000',
      SIGN_LIMIT_PER_DOMAIN_HOUR: '1000000',
    })
    try {
      const base = server.url
      const slug = 'icc-referral-yazidi'
      smtp.setFlakiness(1 / 3)
      const page = await (await fetch(`${base}/c/${slug}`)).text()
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!
      const clock = server.deps.clock as unknown as { advance: (ms: number) => void }
      const deadline = Date.now() + 3000
      let signed = 0
      const confirmed = new Set<string>()
      const signer = async (w: number) => {
        for (let i = 0; Date.now() < deadline && i < 400; i++) {
          const res = await fetch(`${base}/c/${slug}/sign`, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
            body: new URLSearchParams({ csrf, name: `Soak ${w}-${i}`, email: `soak.${w}.${i}@example.org`, country: 'DE', consent_sign: 'on' }).toString(),
          })
          expect(res.status).toBe(303)
          signed++
        }
      }
      const confirmer = async () => {
        while (Date.now() < deadline + 500) {
          for (const m of [...smtp.inbox]) {
            const link = /(http:\/\/[^\s]+\/s\/[A-Za-z0-9_-]{43})/.exec(m.text)?.[1]
            if (!link || confirmed.has(m.to)) continue
            confirmed.add(m.to)
            const form = await (await fetch(link)).text()
            const token = /name="csrf" value="([^"]+)"/.exec(form)?.[1]
            if (!token) continue
            const r = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base }, body: new URLSearchParams({ csrf: token }).toString() })
            expect(r.status).toBe(200)
          }
          await new Promise((r) => setTimeout(r, 50))
        }
      }

      await Promise.all([signer(1), signer(2), signer(3), confirmer()])


      // The mail server recovers. Time moves on in steps shorter than the stuck-send timeout until
      // every retry has gone out.
      smtp.setFlakiness(0)
      const db = (server.deps.db as unknown as { $client: { prepare: (s: string) => { all: () => { state: string; n: number }[] } } }).$client
      const states = () => db.prepare('select state, count(*) n from outbox group by state').all()
      const sending = () => states().some((r) => r.state === 'sending')
      for (let i = 0; i < 400 && states().some((r) => r.state !== 'sent'); i++) {
        // Time moves only while no send is in flight (the server's own timer drains too, several
        // sends at once): two steps over one slow send would look like a crash to the reaper.
        for (let w = 0; w < 500 && sending(); w++) await new Promise((r) => setTimeout(r, 10))
        clock.advance(4 * 60_000)
        await deliverOutbox(server.deps, { limit: 1000 })
        await new Promise((r) => setTimeout(r, 20))
      }
      expect(states()).toEqual([{ state: 'sent', n: signed }])
      const ids = smtp.inbox.map((m) => m.messageId)
      expect(new Set(ids).size).toBe(ids.length) // each message delivered once
      expect(ids.length).toBe(signed)

      await publishEpoch(server.deps)
      const json = await (await fetch(`${base}/api/v1/petitions/${slug}`)).json()
      expect(json.total_signatures).toBe(confirmed.size)
      const bundle = await (await fetch(`${base}/log/${json.identifiers[0].split(':')[1]}/bundle`)).json()
      expect(verifyLogBundle(bundle)).toMatchObject({ ok: true, count: confirmed.size })
      expect(signed).toBeGreaterThan(20)
      expect(confirmed.size).toBeGreaterThan(3)
    } finally {
      await stop()
    }
  }, 60_000)
})
