import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { transitionCampaign } from '../../src/app/campaigns/transition-campaign.js'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { createAccount, orgGet, orgPost, signInDirect, startOverHttp, type Session } from '../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { insertOrganisation } from '../support/factories.js'

let deps: TestDeps
let app: ReturnType<typeof createApp>
let olga: Session
let id: string
const SITE = 'http://amicus.test'
const AR_TITLE = 'إحالة جرائم داعش ضد الإيزيديين إلى المحكمة الجنائية الدولية'

beforeAll(async () => {
  deps = await makeTestDeps()
  await insertOrganisation(deps)
  app = createApp({ deps, assets, clientIp: () => undefined })
  await createAccount(deps, 'organiser', 'olga@example.org', 'Olga')
  await createAccount(deps, 'moderator', 'mo@example.org', 'Mo')
  olga = await signInDirect(deps, 'olga@example.org')
  id = (await startOverHttp(app, deps, olga, 'icc-referral-yazidi', 'icc-ar')).id
})
afterAll(() => deps.cleanup())

describe('translations side by side', () => {
  it('are edited next to the original, checked like it, and served by Accept-Language with right-to-left layout', async () => {
    const editor = await (await orgGet(app, `/organiser/campaigns/${id}`, olga)).text()
    expect(editor).toContain('class="side-by-side"')
    expect(editor).toContain('dir="rtl"')

    const bad = await orgPost(app, deps, `/organiser/campaigns/${id}/translations`, { language: 'ar', title: AR_TITLE, summary: 'ملخص', bodySource: '{{ secret }}' }, olga)
    expect(bad.status).toBe(422)
    const ok = await orgPost(app, deps, `/organiser/campaigns/${id}/translations`, { language: 'ar', title: AR_TITLE, summary: 'ملخص الحملة', bodySource: 'إلى أعضاء مجلس الأمن' }, olga)
    expect(ok.status).toBe(303)

    // not public before approval, translation or not
    expect((await app.request(`${SITE}/c/icc-ar`, { headers: { 'accept-language': 'ar' } })).status).toBe(404)
    const owner = deps.sqlite.sqlite.prepare('select owner_id from campaigns where id = ?').get(id) as { owner_id: string }
    await transitionCampaign(deps, { id: owner.owner_id, role: 'organiser' }, { campaignId: id, event: 'submit' })
    const mo = deps.sqlite.sqlite.prepare("select id from users where role = 'moderator'").get() as { id: string }
    expect((await transitionCampaign(deps, { id: mo.id, role: 'moderator' }, { campaignId: id, event: 'approve' })).ok).toBe(true)

    const ar = await app.request(`${SITE}/c/icc-ar`, { headers: { 'accept-language': 'ar-IQ,ar;q=0.9,en;q=0.5' } })
    const html = await ar.text()
    expect(html).toMatch(/<html lang="ar" dir="rtl">/)
    expect(html).toContain(AR_TITLE)
    expect(html).toContain('إلى أعضاء مجلس الأمن')
    expect(ar.headers.get('vary')).toContain('Accept-Language')
    expect(html).toContain('href="/c/icc-ar?lang=en"')

    const en = await (await app.request(`${SITE}/c/icc-ar?lang=en`, { headers: { 'accept-language': 'ar' } })).text()
    expect(en).toMatch(/<html lang="en" dir="ltr">/)
    expect(en).toContain('Refer ISIS crimes against the Yazidis')

    // a live campaign's translations are frozen like its text
    const late = await orgPost(app, deps, `/organiser/campaigns/${id}/translations`, { language: 'de', title: 'Titel', summary: 'Zusammenfassung', bodySource: 'Text' }, olga)
    expect(late.status).toBe(409)
  })
})
