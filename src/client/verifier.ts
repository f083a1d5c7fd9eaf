/**
 * Static verifier page: checks the whole signature log in the browser and looks up a receipt locally.
 * The whole log is always fetched (every page of the bundle, in order), so the server never learns
 * which receipt is being checked; the receipt's inclusion proof is computed here from those leaves.
 */
import { BundleFetchError, fetchLogBundle, findReceipt, verifyLogBundle, type LogBundle } from '../core/log-verify.js'
import { formatMessage, type Message, type Params } from '../core/message-format.js'

/** The page's `verifier.*` messages in the reader's language (embedded by the server in `data-messages`). */
type Say = (key: string, params?: Params) => string

const sayFrom = (form: HTMLFormElement): Say => {
  const lang = form.dataset.lang ?? 'en'
  let messages: Record<string, Message> = {}
  try {
    messages = JSON.parse(form.dataset.messages ?? '{}') as Record<string, Message>
  } catch {
    messages = {}
  }
  // A missing message shows its key: a visible bug, never a silent switch of language.
  return (key, params = {}) => {
    const m = messages[`verifier.${key}`]
    return m === undefined ? `verifier.${key}` : formatMessage(lang, m, params, key)
  }
}

type Report = { lines: string[]; problems?: string[] }

/** Reads `#r=<receipt>` without ever sending it anywhere. */
const receiptFromHash = (hash: string): string | undefined => {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('r')
  return value?.trim() || undefined
}

const render = (target: HTMLElement, { lines, problems }: Report): void => {
  const nodes: HTMLElement[] = lines.map((line) => {
    const p = document.createElement('p')
    p.textContent = line
    return p
  })
  if (problems && problems.length > 0) {
    const list = document.createElement('ul')
    for (const problem of problems) {
      const item = document.createElement('li')
      item.textContent = problem
      list.append(item)
    }
    nodes.push(list)
  }
  target.replaceChildren(...nodes)
}

const describeReceipt = (say: Say, bundle: LogBundle, receiptText: string, vkey: string): string => {
  const lookup = findReceipt(bundle, receiptText, { vkey })
  if (!lookup.found) {
    if (lookup.reason === 'invalid-receipt') return say('notReceipt')
    if (lookup.reason === 'other-campaign') return say('otherCampaign')
    return say('notYet')
  }
  if (!lookup.inclusionVerified) return say('notProven')
  if (lookup.withdrawn) return say('withdrawn')
  return say('found', { entry: lookup.index + 1 })
}

/** Runs every check and returns what to tell the reader; never throws. */
const verify = async (say: Say, bundleUrl: string, vkey: string, receiptText: string): Promise<Report> => {
  let bundle: LogBundle
  try {
    const get = (url: string) => fetch(url, { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' })
    bundle = await fetchLogBundle(get, new URL(bundleUrl, location.href).href)
  } catch (error) {
    if (error instanceof BundleFetchError) return { lines: [say('httpError', { status: String(error.status) })] }
    return { lines: [say('offline')] }
  }
  const result = verifyLogBundle(bundle, { vkey })
  if (!result.ok) return { lines: [say('failed')], problems: result.errors }
  const lines = [
    say('verified', {
      signatures: say('signatures', { count: result.count }),
      adds: result.adds,
      withdraws: result.withdraws,
      entries: say('entries', { count: result.treeSize }),
    }),
  ]
  if (receiptText.trim() !== '') lines.push(describeReceipt(say, bundle, receiptText, vkey))
  return { lines }
}

const init = (): void => {
  const form = document.getElementById('verify-form')
  const textarea = document.getElementById('receipt')
  const output = document.getElementById('verify-result')
  if (!(form instanceof HTMLFormElement) || !(textarea instanceof HTMLTextAreaElement) || !output) return
  const say = sayFrom(form)

  const fromHash = receiptFromHash(location.hash)
  if (fromHash) textarea.value = fromHash

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const bundleUrl = form.dataset.bundleUrl
    const vkey = form.dataset.vkey
    if (!bundleUrl || !vkey) {
      render(output, { lines: [say('missingData')] })
      return
    }
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type="submit"], button:not([type])')]
    buttons.forEach((button) => (button.disabled = true))
    render(output, { lines: [say('checking')] })
    void verify(say, bundleUrl, vkey, textarea.value)
      .catch((error: unknown) => ({ lines: [say('stopped', { error: String(error) })] }))
      .then((report) => render(output, report))
      .finally(() => buttons.forEach((button) => (button.disabled = false)))
  })
  // Opening the page verifies the count at once (and the receipt, if the link carried one).
  form.requestSubmit()
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init)
else init()
