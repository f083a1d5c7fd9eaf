import type { Translator } from '../../../core/i18n.js'
import { Title, type TitleText } from './title.js'

/**
 * The verifier: checks the count (and a receipt) in the browser. The technical detail the
 * campaign page leaves out (the log's key, its checkpoint and the whole log) is here.
 */
export const VerifyPage = ({ t: tr, campaignId, title, vkey }: { t: Translator; campaignId: string; title: TitleText; vkey: string }) => (
  <>
    <h1>{tr.parts('verify.heading', { title: <Title title={title} /> })}</h1>
    <p>{tr.t('verify.intro')}</p>
    <form
      id="verify-form"
      data-bundle-url={`/log/${campaignId}/bundle`}
      data-vkey={vkey}
      data-lang={tr.lang}
      data-messages={JSON.stringify(tr.messages('verifier.'))}
    >
      <label for="receipt">{tr.t('verify.receiptLabel')}</label>
      <textarea id="receipt" name="receipt" rows={2} autocomplete="off" spellcheck={false} dir="ltr"></textarea>
      <button type="submit">{tr.t('verify.button')}</button>
    </form>
    <div id="verify-result" role="status" aria-live="polite"></div>
    <noscript>
      <p>
        {tr.parts('verify.noscript', {
          log: <a href={`/log/${campaignId}/bundle`}>{tr.t('verify.wholeLog')}</a>,
          command: <code>amicus verify</code>,
        })}
      </p>
    </noscript>
    <section aria-labelledby="tech-h">
      <h2 id="tech-h">{tr.t('page.technical')}</h2>
      <p class="small">{tr.t('campaign.log.text')}</p>
      <p>
        {tr.parts('verify.logKey', {
          key: (
            <code dir="ltr" class="vkey">
              {vkey}
            </code>
          ),
        })}
      </p>
      <p class="small">
        <a href={`/log/${campaignId}/checkpoint`}>{tr.t('campaign.log.checkpoint')}</a> · <a href={`/log/${campaignId}/bundle`}>{tr.t('campaign.log.bundle')}</a>
      </p>
    </section>
    <script type="module" src="/assets/verifier.js"></script>
  </>
)
