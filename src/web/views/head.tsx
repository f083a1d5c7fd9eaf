/** The icons every page links (favicon, touch icon, web app manifest). */
export const SiteIcons = () => null
