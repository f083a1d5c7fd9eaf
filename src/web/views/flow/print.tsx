import { english, type Translator } from '../../../core/i18n.js'

/**
 * The petition for delivery by hand: a document for its recipients, so all of it is in the
 * campaign's own language (`doc`), whatever language the page around it is read in (`t`).
 */
export const PrintPage = ({ doc, t: tr = english(), d = english() }: { doc: import('../../../app/campaigns/get-print-document.js').PrintDocument; t?: Translator; d?: Translator }) => (
  <>
  <p class="small no-print">
    {tr.t('print.hint')} <a href={`/c/${doc.campaign.slug}`}>{tr.t('common.backToCampaign')}</a>
  </p>
  <article class="print" lang={d.lang} dir={d.dir}>
    <h1>{doc.campaign.title}</h1>
    <p class="meta">{d.t('campaign.to', { addressee: doc.campaign.addressee })}</p>
    {doc.campaign.organisation ? (
      <p class="meta print-organisation">
        {doc.campaign.organisation.logoUrl ? <img src={doc.campaign.organisation.logoUrl} alt="" class="organisation-logo" /> : null}
        {d.t('organisation.print.by', { name: doc.campaign.organisation.name })}
        <br />
        {d.parts('organisation.print.contact', { email: <span dir="ltr">{doc.campaign.organisation.contactEmail}</span> })}
      </p>
    ) : null}
    <div class="petition-text">
      {doc.text
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p) => (
          <p>{p.trim()}</p>
        ))}
    </div>
    <h2>{d.t('print.countHeading')}</h2>
    <p>{d.parts('print.count', { count: doc.count, strong: <strong>{d.number(doc.count)}</strong> })}</p>
    <pre dir="ltr" class="mail-body">
      {doc.checkpointNote}
    </pre>
    <p>
      {d.parts('verify.logKey', {
        key: (
          <code dir="ltr" class="vkey">
            {doc.campaign.vkey}
          </code>
        ),
      })}
    </p>
    <p>
      {d.parts('print.check', {
        url: (
          <span dir="ltr" class="break">
            {doc.verifyUrl}
          </span>
        ),
        command: <code>amicus verify</code>,
      })}
    </p>
  </article>
  </>
)
