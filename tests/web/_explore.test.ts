import { it } from 'vitest'
import { makeTestDeps } from '../support/test-deps.js'
import { insertCampaign } from '../support/factories.js'
import { createApp } from '../../src/web/app.js'
import { assets } from '../../src/generated/assets.js'
import { issueCsrfToken } from '../../src/web/csrf.js'

it('explore', async () => {
  let t = Date.now()
  const deps = await makeTestDeps()
  const { campaign } = await insertCampaign(deps, { slug: 'p1' })
  console.log('setup ms', Date.now() - t)
  const app = createApp({ deps, assets, clientIp: () => '203.0.113.9' })
  const csrf = issueCsrfToken(deps.keys.csrfKey, '/c/p1/sign', Math.floor(deps.clock.now() / 1000))
  const post = async (body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }) => {
    const r = await app.request('http://amicus.test/c/p1/sign', { method: 'POST', headers: { origin: 'http://amicus.test', ...headers }, body })
    const text = await r.text()
    return [r.status, r.headers.get('location'), text.length]
  }
  const base = `csrf=${encodeURIComponent(csrf)}&email=a%40b.test&country=DE&consent_sign=on`
  console.log('lone', await post(base + '&name=Eve%ED%A0%80'))
  console.log('proto', await post(base + '&name=Eve&__proto__=x'))
  console.log('nobody ct', await post(new TextEncoder().encode(base + '&name=Eve'), {}))
  console.log('big', await post(base + '&name=Eve&comment=' + 'a'.repeat(17000)))
  console.log('big cl', await post(base + '&name=Eve&comment=' + 'a'.repeat(17000), { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(base.length + 17017) }))
  console.log('ok', await post(base + '&name=Eve'))
  const g = await app.request('http://amicus.test/c/p1')
  console.log([...g.headers.entries()])
  const s = await app.request('http://amicus.test/s/' + 'a'.repeat(43))
  console.log(s.status, [...s.headers.entries()])
  console.log('sql', (await app.request("http://amicus.test/c/'%20OR%201=1--/sign", { method: 'POST', headers: { origin: 'http://amicus.test', 'content-type': 'application/x-www-form-urlencoded' }, body: base })).status)
  console.log(deps.logLines.join('\n'))
  deps.cleanup()
})
