/**
 * Static verifier page: checks the whole signature log in the browser and looks up a receipt locally.
 * The full bundle is always fetched, so the server never learns which receipt is being checked.
 */
import { findReceipt, verifyLogBundle, type LogBundle } from '../core/log-verify.js'

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

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

const describeReceipt = (bundle: LogBundle, receiptText: string, vkey: string): string => {
  const lookup = findReceipt(bundle, receiptText, { vkey })
  if (!lookup.found) {
    if (lookup.reason === 'invalid-receipt') {
      return 'That does not look like a receipt. A receipt is a long code with a dot in it; copy it exactly as you received it.'
    }
    if (lookup.reason === 'other-campaign') return 'This receipt belongs to a different campaign; open the verifier page of that campaign.'
    return 'Your signature is not in the log yet. Confirmed signatures are added in batches, so it may appear in the next batch; please check again later.'
  }
  if (!lookup.inclusionVerified) {
    return 'Your signature was found, but it is not yet covered by a signed checkpoint, so it cannot be proven yet. Please check again later.'
  }
  if (lookup.withdrawn) return 'Your signature was found in the log, but it was later withdrawn, so it is no longer counted.'
  return `Your signature was found in the log (entry ${lookup.index + 1}) and it is counted.`
}

/** Runs every check and returns what to tell the reader; never throws. */
const verify = async (bundleUrl: string, vkey: string, receiptText: string): Promise<Report> => {
  let bundle: LogBundle
  try {
    const response = await fetch(bundleUrl, { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' })
    if (!response.ok) return { lines: [`Could not download the public log (HTTP ${response.status}). Please try again later.`] }
    bundle = (await response.json()) as LogBundle
  } catch {
    return { lines: ['Could not download the public log. Check your connection and try again.'] }
  }
  const result = verifyLogBundle(bundle, { vkey })
  if (!result.ok) {
    return {
      lines: ['The public log FAILED verification. Do not trust the count shown by this site. Problems found:'],
      problems: result.errors,
    }
  }
  const lines = [
    `Count verified: ${plural(result.count, 'signature', 'signatures')} (${result.adds} added, ${result.withdraws} withdrawn), ` +
      `in a log of ${plural(result.treeSize, 'entry', 'entries')} whose every signed checkpoint checks out.`,
  ]
  if (receiptText.trim() !== '') lines.push(describeReceipt(bundle, receiptText, vkey))
  return { lines }
}

const init = (): void => {
  const form = document.getElementById('verify-form')
  const textarea = document.getElementById('receipt')
  const output = document.getElementById('verify-result')
  if (!(form instanceof HTMLFormElement) || !(textarea instanceof HTMLTextAreaElement) || !output) return

  const fromHash = receiptFromHash(location.hash)
  if (fromHash) textarea.value = fromHash

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const bundleUrl = form.dataset.bundleUrl
    const vkey = form.dataset.vkey
    if (!bundleUrl || !vkey) {
      render(output, { lines: ['This page is missing the log address or its public key, so it cannot verify anything.'] })
      return
    }
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type="submit"], button:not([type])')]
    buttons.forEach((button) => (button.disabled = true))
    render(output, { lines: ['Downloading and checking the whole public log…'] })
    void verify(bundleUrl, vkey, textarea.value)
      .catch((error: unknown) => ({ lines: [`Verification stopped unexpectedly: ${String(error)}`] }))
      .then((report) => render(output, report))
      .finally(() => buttons.forEach((button) => (button.disabled = false)))
  })
  // Opening the page verifies the count at once (and the receipt, if the link carried one).
  form.requestSubmit()
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init)
else init()
