import { english, type Translator } from '../../../core/i18n.js'

/** Share links: plain links to each service's share address; no scripts, nothing loads until clicked. */
export const ShareLinks = ({ url, title, t = english() }: { url: string; title: string; t?: Translator }) => {
  const u = encodeURIComponent(url)
  const text = encodeURIComponent(title)
  return (
    <ul class="share">
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

/** The thank-you page's first block: asks the supporter to share (see the sharing work in head.tsx). */
export const SharePanel = ({ url, title, t = english() }: { url: string; title: string; t?: Translator }) => <ShareLinks url={url} title={title} t={t} />
