import { raw } from 'hono/html'
import { english, type Translator } from '../../../core/i18n.js'
import { qrCodeSvg } from '../../../core/qr-code.js'

/** Share links: plain links to each service's share address; no scripts, nothing loads until clicked. */
export const ShareLinks = ({ url, title, t = english(), label }: { url: string; title: string; t?: Translator; label?: string }) => {
  const u = encodeURIComponent(url)
  const text = encodeURIComponent(title)
  return (
    <ul class="share" aria-label={label}>
      <li>
        <a href={`mailto:?subject=${text}&body=${u}`}>{t.t('share.email')}</a>
      </li>
      <li>
        <a href={`https://wa.me/?text=${text}%20${u}`} rel="noopener noreferrer">WhatsApp</a>
      </li>
      <li>
        <a href={`https://t.me/share/url?url=${u}&text=${text}`} rel="noopener noreferrer">Telegram</a>
      </li>
      <li>
        <a href={`https://bsky.app/intent/compose?text=${text}%20${u}`} rel="noopener noreferrer">Bluesky</a>
      </li>
    </ul>
  )
}

/** The printable QR code of a campaign address: `/c/<slug>/qr.svg` beside the page (with its `?lang=`). */
export const qrPathOf = (url: string): string => {
  try {
    const u = new URL(url)
    return `${u.pathname.replace(/\/$/, '')}/qr.svg${u.search}`
  } catch {
    return `${url}/qr.svg`
  }
}

/**
 * The thank-you page's first block: asks the supporter to share. Without JavaScript: the link in a
 * field to copy, plain links to the services and a QR code drawn on the server. With it
 * (/assets/share.js): the phone's own share sheet where there is one, and a copy button that says
 * when it has copied.
 */
export const SharePanel = ({ url, title, t = english() }: { url: string; title: string; t?: Translator }) => (
  <section class="share-panel" aria-labelledby="share-heading" data-share-panel data-share-url={url} data-share-title={title}>
    <h2 id="share-heading">{t.t('share.panel.heading')}</h2>
    <p>{t.t('share.panel.ask')}</p>
    <p class="share-safety">{t.t('share.panel.safety')}</p>
    <div class="share-actions">
      <button type="button" data-share-native hidden>
        {t.t('share.panel.native')}
      </button>
      <button type="button" data-share-copy data-copied={t.t('share.panel.copied')} data-failed={t.t('share.panel.copyFailed')} hidden>
        {t.t('share.panel.copy')}
      </button>
    </div>
    <label for="share-url">{t.t('share.panel.link')}</label>
    <input id="share-url" class="share-url" type="url" readonly value={url} dir="ltr" />
    <p class="share-status" role="status" aria-live="polite" data-share-status></p>
    <ShareLinks url={url} title={title} t={t} label={t.t('share.panel.services')} />
    <figure class="share-qr">
      {raw(qrCodeSvg(url, { label: t.t('share.panel.qr'), id: 'share-qr', pixelSize: 4 }))}
      <figcaption>
        {t.t('share.panel.qrCaption')}{' '}
        <a href={qrPathOf(url)} download>
          {t.t('share.panel.qrDownload')}
        </a>
      </figcaption>
    </figure>
    <script src="/assets/share.js" defer></script>
  </section>
)
