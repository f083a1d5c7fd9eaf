import { KEY_FILE_EXTENSION, KEY_TAIL_LENGTH } from '../../../core/key-file.js'
import { Csrf } from './layout.js'

type About = { id: string; slug: string; title: string }

/** The proof that the key was kept: its last characters, typed or read from the file by the page's script. */
const KeptForm = ({ campaign, csrf, error }: { campaign: About; csrf: string; error?: string }) => (
  <form method="post" action={`/organiser/campaigns/${campaign.id}/key`} id="key-kept-form">
    <Csrf token={csrf} />
    <div class="field key-file-pick" hidden>
      <label for="f-key-file">Choose your saved key file</label>
      <input id="f-key-file" type="file" accept={`${KEY_FILE_EXTENSION},.key,.txt`} />
      <label for="f-key-file-passphrase">Its passphrase, if you locked it</label>
      <input id="f-key-file-passphrase" type="password" autocomplete="off" />
      <p class="hint" id="f-key-file-result" role="status" aria-live="polite">
        It is read on this computer only; nothing of it is sent but the last {KEY_TAIL_LENGTH} characters below.
      </p>
    </div>
    <div class={`field ${error ? 'has-error' : ''}`}>
      <label for="f-tail">The last {KEY_TAIL_LENGTH} characters of your key</label>
      <p class="hint" id="f-tail-hint">
        In the key file, the line between BEGIN and END; its last {KEY_TAIL_LENGTH} characters (they may end with “=”).
      </p>
      {error ? (
        <p class="field-error" id="f-tail-error">
          {error}
        </p>
      ) : null}
      <input
        id="f-tail"
        name="tail"
        type="text"
        autocomplete="off"
        spellcheck={false}
        dir="ltr"
        maxlength={KEY_TAIL_LENGTH + 4}
        required
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'f-tail-hint f-tail-error' : 'f-tail-hint'}
      />
    </div>
    <button type="submit">I have kept my key</button>
  </form>
)

/**
 * The organiser key, handed out once when a campaign starts: as a file to download (with a header
 * saying what it is), optionally locked with a passphrase in the browser, and as text to copy;
 * then the organiser proves they kept it.
 */
export const KeyOncePage = (p: { campaign: About; keyFile: string; csrf: string }) => (
  <section class="notice ok key-once">
    <h1>Save your organiser key now</h1>
    <p>
      The names and email addresses of the people who sign <strong>{p.campaign.title}</strong> are locked with this key. The
      server does not keep it and cannot show it again or recover it. Without it, nobody can read who signed — not even you.
    </p>
    <ol>
      <li>
        <a
          id="key-download"
          class="button"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(p.keyFile)}`}
          download={`${p.campaign.slug}${KEY_FILE_EXTENSION}`}
        >
          Download the key file ({p.campaign.slug}
          {KEY_FILE_EXTENSION})
        </a>{' '}
        and keep it offline (a USB stick, a computer you trust); keep a second copy somewhere else.
      </li>
      <li>
        Or copy it into a file yourself:
        <label for="org-key" class="visually-hidden">
          Organiser key file
        </label>
        <textarea id="org-key" rows={14} readonly spellcheck={false} dir="ltr">
          {p.keyFile}
        </textarea>
      </li>
    </ol>
    <div id="key-lock" hidden>
      <h2>Lock it with a passphrase (optional)</h2>
      <p>A locked key file needs the passphrase too: safer if the file is lost, but a forgotten passphrase cannot be recovered.</p>
      <div class="field">
        <label for="f-lock-passphrase">Passphrase (8 characters at least)</label>
        <input id="f-lock-passphrase" type="password" autocomplete="new-password" minlength={8} />
      </div>
      <button type="button" id="key-lock-button" class="secondary">
        Make a locked key file
      </button>
      <p id="key-lock-result" role="status" aria-live="polite"></p>
    </div>
    <h2>Show that you kept it</h2>
    <p>The campaign can be submitted for review once you have.</p>
    <KeptForm campaign={p.campaign} csrf={p.csrf} />
    <p>
      <a href={`/organiser/campaigns/${p.campaign.id}`}>Continue to the draft and do this later</a>
    </p>
    <script src="/assets/key-file.js" defer></script>
  </section>
)

/** Later: the proof, from the draft or when submitting found it missing. */
export const KeyKeptPage = (p: { campaign: About; csrf: string; error?: string; done?: boolean }) => (
  <section class="notice">
    <h1>Show that you kept the organiser key</h1>
    {p.done ? (
      <p>You have shown that you kept the key of {p.campaign.title}. You can submit it for review.</p>
    ) : (
      <>
        <p>
          Before <strong>{p.campaign.title}</strong> can be submitted, show that you kept the key you were given when you started
          it: nobody should be asked to sign a campaign whose names no one can open.
        </p>
        <KeptForm campaign={p.campaign} csrf={p.csrf} {...(p.error ? { error: p.error } : {})} />
        <script src="/assets/key-file.js" defer></script>
      </>
    )}
    <p>
      <a href={`/organiser/campaigns/${p.campaign.id}`}>Back to the draft</a>
    </p>
  </section>
)
