import { translatorFor, type Translator } from '../../core/i18n.js'
import { isLanguage } from '../../core/languages.js'
import { CARD_HEIGHT, CARD_WIDTH } from '../../core/share-card.js'
import type { CampaignView } from './types.js'

/** The site's colour: the browser's toolbar on phones, the manifest and the icons. */
export const THEME_COLOUR = '#1d5c63'

/** The icons every page links (favicon, touch icon, web app manifest), all served from this site. */
export const SiteIcons = () => (
  <>
    <link rel="icon" href="/favicon.ico" sizes="32x32" />
    <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
    <link rel="apple-touch-icon" href="/assets/apple-touch-icon.png" />
    <link rel="manifest" href="/manifest.webmanifest" />
    <meta name="theme-color" content={THEME_COLOUR} />
  </>
)

/** The description of a page that has none of its own. */
export const SiteDescription = ({ t }: { t: Translator }) => <meta name="description" content={t.t('share.site.description')} />

/**
 * Open Graph locales (language_TERRITORY) of the campaign languages. Arabic has no one territory:
 * ar_AR is the form Open Graph readers (Facebook, WhatsApp) take for Arabic.
 */
export const OG_LOCALES: Record<string, string> = { en: 'en_GB', ar: 'ar_AR', ku: 'ku_TR', de: 'de_DE', fr: 'fr_FR' }
const ogLocale = (lang: string): string => OG_LOCALES[lang] ?? lang

/** A campaign's address in a language: the bare address for its own language, `?lang=` for a translation. */
export const campaignUrl = (c: Pick<CampaignView, 'siteUrl' | 'slug' | 'originalLanguage'>, lang: string): string =>
  lang === c.originalLanguage ? `${c.siteUrl}/c/${c.slug}` : `${c.siteUrl}/c/${c.slug}?lang=${encodeURIComponent(lang)}`

/**
 * The share card's address. The language is in the path, not `?lang=` (which would set the
 * reader's language cookie); the count in the query makes link previews fetch a new picture when
 * it changes.
 */
export const cardUrl = (c: Pick<CampaignView, 'siteUrl' | 'slug' | 'language' | 'count'>): string =>
  `${c.siteUrl}/c/${c.slug}/card-${encodeURIComponent(c.language)}.png?v=${c.count}`

/**
 * A campaign page's description, canonical address, language alternates and link-preview tags
 * (Open Graph, Twitter/X card). Everything describes the text shown: the campaign in the
 * reader's language where it has been translated, else in its own.
 */
export const CampaignHead = ({ campaign: c, t }: { campaign: CampaignView; t: Translator }) => {
  const canonical = campaignUrl(c, c.language)
  // The picture's description in the card's own language, like the card.
  const cardT = isLanguage(c.language) ? translatorFor(c.language) : t
  const description = c.summary.trim() || t.t('share.site.description')
  const image = cardUrl(c)
  const alt = cardT.t('share.card.alt', { title: c.title, count: c.count })
  const siteName = c.organisation?.name ?? 'Amicus'
  return (
    <>
      <meta name="description" content={description} />
      <link rel="canonical" href={canonical} />
      {c.languages.map((l) => (
        <link rel="alternate" hreflang={l} href={campaignUrl(c, l)} />
      ))}
      <link rel="alternate" hreflang="x-default" href={campaignUrl(c, c.originalLanguage)} />
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content={siteName} />
      <meta property="og:title" content={c.title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={canonical} />
      <meta property="og:locale" content={ogLocale(c.language)} />
      {c.languages
        .filter((l) => l !== c.language)
        .map((l) => (
          <meta property="og:locale:alternate" content={ogLocale(l)} />
        ))}
      <meta property="og:image" content={image} />
      <meta property="og:image:type" content="image/png" />
      <meta property="og:image:width" content={String(CARD_WIDTH)} />
      <meta property="og:image:height" content={String(CARD_HEIGHT)} />
      <meta property="og:image:alt" content={alt} />
      <meta name="twitter:card" content="summary_large_image" />
      <meta name="twitter:title" content={c.title} />
      <meta name="twitter:description" content={description} />
      <meta name="twitter:image" content={image} />
      <meta name="twitter:image:alt" content={alt} />
    </>
  )
}
