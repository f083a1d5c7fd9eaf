import type { CampaignRow } from '../../../app/campaigns/find-campaign.js'

/**
 * The organiser opens the locked export with their key file, in this browser: the script
 * (src/client/decrypt.ts) reads both files from disk, decrypts them here and offers the CSV as a
 * download made in the browser. Without JavaScript the page says so and points to the command line.
 */
export const DecryptPage = ({ campaign }: { campaign: Pick<CampaignRow, 'id' | 'slug' | 'title'> }) => (
  <section class="decrypt">
    <h1>Open the signers’ names on this computer</h1>
    <p>
      The names and email addresses of the people who signed <strong>{campaign.title}</strong> are locked: this site
      stores them only in a form that your organiser key opens. Here your browser opens them, on this computer. Your key
      file and what it opens are never sent anywhere — this page makes no request once it has loaded, and you can
      disconnect from the internet before you start.
    </p>
    <ol>
      <li>
        <a href={`/organiser/campaigns/${campaign.id}/export/sealed.json`} download>
          Download the locked list of signers
        </a>{' '}
        (<code>{campaign.slug}-sealed.json</code>).
      </li>
      <li>Choose that file and your key file below, then open them.</li>
    </ol>
    <form id="decrypt-form" data-slug={campaign.slug} data-campaign={campaign.id}>
      <div class="field">
        <label for="f-export">Locked list of signers (…-sealed.json)</label>
        <input id="f-export" name="export" type="file" accept=".json,application/json" required />
      </div>
      <div class="field">
        <label for="f-key">Your organiser key file (…{'.amicus-key'})</label>
        <input id="f-key" name="key" type="file" accept=".amicus-key,.key,.txt" required />
      </div>
      <div class="field">
        <label for="f-passphrase">Passphrase, if you locked the key file with one</label>
        <input id="f-passphrase" name="passphrase" type="password" autocomplete="off" />
      </div>
      <fieldset>
        <legend>What to make</legend>
        <div class="check">
          <input id="f-format-names" name="format" type="radio" value="names" checked />
          <label for="f-format-names">Names for the recipients: signers who agreed to share their name (name, country, postcode, comment)</label>
        </div>
        <div class="check">
          <input id="f-format-an" name="format" type="radio" value="action-network" />
          <label for="f-format-an">Supporter list for Action Network: signers who asked for updates</label>
        </div>
      </fieldset>
      <button type="submit" disabled>
        Open on this computer
      </button>
      <noscript>
        <p class="field-error">
          Opening the names here needs JavaScript. Without it, use the command line (below).
        </p>
      </noscript>
    </form>
    <div id="decrypt-result" role="status" aria-live="polite"></div>
    <script src="/assets/decrypt.js" defer></script>
    <h2>The command line</h2>
    <p>
      The highest-assurance way is still the command line on a computer that is never online:{' '}
      <code>
        amicus decrypt --key {campaign.slug}.amicus-key {campaign.slug}-sealed.json --out names.csv
      </code>{' '}
      (add <code>--passphrase-file FILE</code> for a locked key file). It reads the same files and writes the same CSV.
    </p>
  </section>
)
