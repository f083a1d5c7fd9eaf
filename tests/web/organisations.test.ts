import jpeg from 'jpeg-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { concatBytes, utf8 } from '../../src/core/bytes.js'
import { encodePng } from '../../src/core/image.js'
import { insertCampaign, insertOrganisation } from '../support/factories.js'
import { campaignRow, createAccount, orgGet, orgPost, signInDirect, startOverHttp, type Session } from '../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { SITE, csrfFor, escapeHtml, expectNoStackTrace, makeWebApp, type WebApp } from '../support/web.js'

/**
 * Ada (an admin) sets up her organisation's profile and logo; Olga (an organiser) gives her draft
 * an image; supporters read the privacy notice in their language and get the images from this
 * site, re-encoded, with long caching.
 */
let deps: TestDeps
let app: WebApp
let ada: Session
let olga: Session

const jpegWithExif = () => {
  const w = 40
  const h = 30
  const data = new Uint8Array(w * h * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 13) % 256))
  const file = new Uint8Array(jpeg.encode({ data, width: w, height: h }, 90).data)
  const payload = utf8('Exif\0\0MM\0*GPSLatitude 36.3350 N GPSLongitude 41.8650 E')
  return concatBytes(file.subarray(0, 2), new Uint8Array([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload, file.subarray(2))
}
const logoPng = () => encodePng({ width: 600, height: 300, rgba: new Uint8Array(600 * 300 * 4).map((_, i) => (i % 4 === 3 ? 255 : 90)) })

const upload = (path: string, session: Session, fields: Record<string, string>, file?: { bytes: Uint8Array; name: string; type: string }) => {
  const fd = new FormData()
  fd.append('csrf', csrfFor(deps, path, undefined, session.sessionId))
  for (const [k, v] of Object.entries(fields)) fd.append(k, v)
  fd.append('file', file ? new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }) : new File([], '', { type: 'application/octet-stream' }))
  return app.request(`${SITE}${path}`, { method: 'POST', headers: { origin: SITE, cookie: session.cookie }, body: fd })
}

const profile = {
  name: 'Yazda Justice Project',
  description: 'Documenting ISIS crimes against Yazidis for courts.',
  website: 'https://yazda.example.org',
  contactEmail: 'privacy@yazda.example.org',
  controllerName: 'Yazda Justice Project gGmbH',
  controllerAddress: 'Beispielweg 5\n10115 Berlin\nGermany',
}

beforeAll(async () => {
  deps = await makeTestDeps({ config: { UNCONFIRMED_RETENTION_DAYS: '3', PURGE_AFTER_DAYS: '45' } })
  app = makeWebApp(deps)
  await createAccount(deps, 'admin', 'ada@example.org', 'Ada Admin')
  await createAccount(deps, 'organiser', 'olga@example.org', 'Olga Organiser')
  ada = await signInDirect(deps, 'ada@example.org')
  olga = await signInDirect(deps, 'olga@example.org')
})
afterAll(() => deps.cleanup())

describe('the organisation profile in the workspace', () => {
  it('is created by an admin, with field messages for what is wrong', async () => {
    const bad = await orgPost(app, deps, '/organiser/organisation', { slug: 'yazda', ...profile, contactEmail: 'not an address', controllerAddress: '' }, ada)
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toContain('Enter a contact email address')
    expect(html).toContain('The postal address cannot be empty.')
    expect(html).toContain('aria-invalid="true"')
    const ok = await orgPost(app, deps, '/organiser/organisation', { slug: 'yazda', ...profile }, ada)
    expect(ok.status).toBe(303)
    const page = await (await orgGet(app, '/organiser/organisation?saved=1', ada)).text()
    expect(page).toContain('Saved.')
    expect(page).toContain(escapeHtml(profile.controllerName))
    expect(page).toContain('href="/privacy/yazda"')
  })

  it('is only seen by organisers: their post is refused and nothing changes', async () => {
    const page = await (await orgGet(app, '/organiser/organisation', olga)).text()
    expect(page).toContain('Only an admin can change this.')
    const r = await orgPost(app, deps, '/organiser/organisation', { ...profile, name: 'Taken over' }, olga)
    expect(r.status).toBe(404)
    expect(await (await orgGet(app, '/organiser/organisation', ada)).text()).toContain(profile.name)
  })

  it('takes a logo as a PNG re-drawn at 400 pixels, and refuses a file that is not an image with a message, not a 500', async () => {
    const refused = await upload('/organiser/organisation/logo', ada, { action: 'upload' }, { bytes: utf8('<svg xmlns="http://www.w3.org/2000/svg"/>'), name: 'logo.png', type: 'image/png' })
    expect(refused.status).toBe(422)
    const text = await refused.text()
    expect(text).toContain('Only PNG and JPEG images can be used.')
    expectNoStackTrace(text)
    const ok = await upload('/organiser/organisation/logo', ada, { action: 'upload' }, { bytes: logoPng(), name: 'logo.png', type: 'image/png' })
    expect(ok.status).toBe(303)
    const { url } = deps.sqlite.sqlite.prepare('select logo_image_id as url from organisations').get() as { url: string }
    const image = await app.request(`${SITE}/images/${url}.png`)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(image.headers.get('x-content-type-options')).toBe('nosniff')
    const bytes = new Uint8Array(await image.arrayBuffer())
    expect(new DataView(bytes.buffer).getUint32(16)).toBe(400)
    // the same image under the other extension, or an unknown one, is not found
    expect((await app.request(`${SITE}/images/${url}.jpg`)).status).toBe(404)
    expect((await app.request(`${SITE}/images/${'0'.repeat(64)}.png`)).status).toBe(404)
    expect((await app.request(`${SITE}/images/..%2F..%2Fetc.png`)).status).toBe(404)
  })

  it('refuses an upload larger than 2 MB before reading it', async () => {
    const r = await upload('/organiser/organisation/logo', ada, { action: 'upload' }, { bytes: new Uint8Array(2 * 1024 * 1024 + 10), name: 'big.png', type: 'image/png' })
    expect(r.status).toBe(413)
  })
})

describe('a campaign image', () => {
  let id: string
  beforeAll(async () => {
    id = (await startOverHttp(app, deps, olga, 'icc-referral-yazidi', 'image-draft')).id
  })

  it('needs words that describe it', async () => {
    const r = await upload(`/organiser/campaigns/${id}/image`, olga, { action: 'save', imageAlt: '  ' }, { bytes: jpegWithExif(), name: 'photo.jpg', type: 'image/jpeg' })
    expect(r.status).toBe(422)
    expect(await r.text()).toContain('Describe the image for people who cannot see it.')
    expect(campaignRow(deps, id)['image_id']).toBeNull()
  })

  it('is kept as a JPEG without its EXIF, and shown in the editor with its description', async () => {
    const r = await upload(`/organiser/campaigns/${id}/image`, olga, { action: 'save', imageAlt: 'Survivors at the memorial in Kocho' }, { bytes: jpegWithExif(), name: 'photo.jpg', type: 'image/jpeg' })
    expect(r.status).toBe(303)
    const imageId = campaignRow(deps, id)['image_id'] as string
    const served = new Uint8Array(await (await app.request(`${SITE}/images/${imageId}.jpg`)).arrayBuffer())
    expect([served[0], served[1]]).toEqual([0xff, 0xd8])
    expect(Buffer.from(served).includes('GPSLatitude')).toBe(false)
    expect(Buffer.from(served).includes('Exif')).toBe(false)
    const editor = await (await orgGet(app, `/organiser/campaigns/${id}`, olga)).text()
    expect(editor).toContain(`src="/images/${imageId}.jpg"`)
    expect(editor).toContain('alt="Survivors at the memorial in Kocho"')
  })

  it('refuses a cut-off file with a field message', async () => {
    const file = jpegWithExif()
    const r = await upload(`/organiser/campaigns/${id}/image`, olga, { action: 'save', imageAlt: 'A photo' }, { bytes: file.subarray(0, file.length - 200), name: 'photo.jpg', type: 'image/jpeg' })
    expect(r.status).toBe(422)
    expect(await r.text()).toContain('The image could not be read')
  })

  it('cannot be set by another organiser', async () => {
    await createAccount(deps, 'organiser', 'oscar@example.org', 'Oscar Other')
    const oscar = await signInDirect(deps, 'oscar@example.org')
    const r = await upload(`/organiser/campaigns/${id}/image`, oscar, { action: 'remove' })
    expect(r.status).toBe(404)
    expect(campaignRow(deps, id)['image_id']).not.toBeNull()
  })
})

describe('the privacy notice', () => {
  it('states the real controller, contact and retention periods, in each language', async () => {
    const en = await (await app.request(`${SITE}/privacy/yazda?lang=en`)).text()
    expect(en).toContain(escapeHtml(profile.controllerName))
    expect(en).toContain('Beispielweg 5')
    expect(en).toContain('10115 Berlin')
    expect(en).toContain('mailto:privacy@yazda.example.org')
    expect(en).toContain('deleted after 3 days')
    expect(en).toContain('deleted 45 days later')
    expect(en).toContain('28 days after it is sent')
    for (const [lang, dir, heading] of [
      ['ar', 'rtl', 'حقوقك'],
      ['ku', 'ltr', 'Mafên te'],
      ['de', 'ltr', 'Ihre Rechte'],
      ['fr', 'ltr', 'Vos droits'],
    ] as const) {
      const r = await app.request(`${SITE}/privacy/yazda?lang=${lang}`)
      expect(r.status).toBe(200)
      const html = await r.text()
      expect(html).toContain(`lang="${lang}"`)
      expect(html).toContain(`dir="${dir}"`)
      expect(html).toContain(heading)
      expect(html).toContain('privacy@yazda.example.org')
    }
  })

  it('is not found for an unknown organisation', async () => {
    const r = await app.request(`${SITE}/privacy/nobody`)
    expect(r.status).toBe(404)
    expectNoStackTrace(await r.text())
  })

  it('is linked from the card beside the sign form, which shows the logo with its alternative text', async () => {
    const { campaign } = await insertCampaign(deps, { slug: 'card-campaign' })
    const html = await (await app.request(`${SITE}/c/${campaign.slug}?lang=en`)).text()
    expect(html).toContain('href="/privacy/yazda?lang=en"')
    expect(html).toMatch(/<img src="\/images\/[0-9a-f]{64}\.png" alt="Logo of Yazda Justice Project"/)
    expect(html).toContain('mailto:privacy@yazda.example.org')
  })
})

describe('going live', () => {
  it('is refused, with the reason, while the organisation lacks what the notice needs', async () => {
    const other = await makeTestDeps()
    try {
      const otherApp = makeWebApp(other)
      await createAccount(other, 'organiser', 'olga@example.org', 'Olga Organiser')
      const session = await signInDirect(other, 'olga@example.org')
      const { id } = await startOverHttp(otherApp, other, session, 'icc-referral-yazidi', 'too-early')
      const r = await orgPost(otherApp, other, `/organiser/campaigns/${id}/transition`, { event: 'submit' }, session)
      expect(r.status).toBe(409)
      expect(await r.text()).toContain('cannot go live until its organisation')
      await insertOrganisation(other)
      expect((await orgPost(otherApp, other, `/organiser/campaigns/${id}/transition`, { event: 'submit' }, session)).status).toBe(303)
    } finally {
      other.cleanup()
    }
  })
})
