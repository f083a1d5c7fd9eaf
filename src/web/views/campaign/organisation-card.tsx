import type { Translator } from '../../../core/i18n.js'
import { privacyNoticePath, type OrganisationProfile } from '../../../core/organisation.js'

/** Who runs the campaign, near the sign form: name, and the privacy notice. */
export const OrganisationCard = ({ organisation: o }: { organisation: OrganisationProfile; t: Translator }) => (
  <aside class="organisation">
    <p>
      <strong>{o.name}</strong>
    </p>
    <p>
      <a href={privacyNoticePath(o.slug)}>Privacy notice</a>
    </p>
  </aside>
)
