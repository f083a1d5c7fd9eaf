import { Hono } from 'hono'
import type { AppEnv, AppOptions } from '../env.js'
import { MailboxMessagePage, MailboxPage, RefusalPage } from '../views/flow-pages.js'
import { Layout } from '../views/layout.js'

/** The local mailbox viewer, mounted only when mail is not really sent (development). */
export const devMailboxRoutes = (opts: AppOptions) => {
  const app = new Hono<AppEnv>()
  const mailbox = opts.mailbox
  if (!mailbox) return app
  app.use('/dev/*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })
  app.get('/dev/mailbox', async (c) =>
    c.html(
      <Layout title="Mailbox" devMailbox>
        <MailboxPage entries={await mailbox.list()} />
      </Layout>,
    ),
  )
  // the HTML part alone, linked from the message page, under its own narrow CSP (src/web/security.ts)
  app.get('/dev/mailbox/:id/html', async (c) => {
    const entry = await mailbox.get(c.req.param('id'))
    return entry?.html ? c.html(entry.html) : c.text('No HTML part.', 404)
  })
  app.get('/dev/mailbox/:id', async (c) => {
    const entry = await mailbox.get(c.req.param('id'))
    if (!entry) {
      return c.html(
        <Layout title="Not found" devMailbox>
          <RefusalPage title="Not found" message="No such message." />
        </Layout>,
        404,
      )
    }
    return c.html(
      <Layout title={entry.subject} devMailbox>
        <MailboxMessagePage entry={entry} />
      </Layout>,
    )
  })
  return app
}
