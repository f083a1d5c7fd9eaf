/** The icons every page links (favicon, touch icon, web app manifest). */
export const SiteIcons = () => null

/** A campaign page's description, canonical address and link-preview tags. */
export const CampaignHead = (_: { campaign: import('./types.js').CampaignView; t: import('../../core/i18n.js').Translator }) => null
