import type { FieldErrors } from '../../schemas.js'
import { Csrf } from './layout.js'

/** A draft's image, with the words that describe it (required), in the campaign editor. */
export const CampaignImageForm = (p: {
  campaignId: string
  image: { url: string; alt: string; width: number; height: number } | undefined
  csrf: string
  errors: FieldErrors
  alt?: string
}) => (
  <section aria-labelledby="image-h">
    <h2 id="image-h">Image</h2>
    {p.image ? <img src={p.image.url} alt={p.image.alt} width={p.image.width} height={p.image.height} class="campaign-image-preview" /> : <p class="small">No image. One is optional.</p>}
    <form method="post" action={`/organiser/campaigns/${p.campaignId}/image`} enctype="multipart/form-data" novalidate>
      <Csrf token={p.csrf} />
      <div class={`field ${p.errors['file'] ? 'has-error' : ''}`}>
        <label for="f-file">{p.image ? 'Replace with (PNG or JPEG, at most 2 MB)' : 'PNG or JPEG, at most 2 MB'}</label>
        <p class="hint" id="f-file-hint">
          Re-drawn at most 1200 pixels a side. Location, camera and every other detail stored in the file are removed.
        </p>
        {p.errors['file'] ? (
          <p class="field-error" id="f-file-error">
            {p.errors['file']}
          </p>
        ) : null}
        <input id="f-file" name="file" type="file" accept="image/png,image/jpeg" aria-describedby={p.errors['file'] ? 'f-file-hint f-file-error' : 'f-file-hint'} aria-invalid={p.errors['file'] ? 'true' : undefined} />
      </div>
      <div class={`field ${p.errors['imageAlt'] ? 'has-error' : ''}`}>
        <label for="f-imageAlt">What the image shows (for people who cannot see it)</label>
        <p class="hint" id="f-imageAlt-hint">
          One plain sentence, in the campaign’s language. Required with an image.
        </p>
        {p.errors['imageAlt'] ? (
          <p class="field-error" id="f-imageAlt-error">
            {p.errors['imageAlt']}
          </p>
        ) : null}
        <input
          id="f-imageAlt"
          name="imageAlt"
          type="text"
          maxlength={300}
          value={p.alt ?? p.image?.alt ?? ''}
          aria-describedby={p.errors['imageAlt'] ? 'f-imageAlt-hint f-imageAlt-error' : 'f-imageAlt-hint'}
          aria-invalid={p.errors['imageAlt'] ? 'true' : undefined}
        />
      </div>
      <button type="submit" name="action" value="save">
        Save image
      </button>{' '}
      {p.image ? (
        <button type="submit" name="action" value="remove" class="secondary-neutral">
          Remove image
        </button>
      ) : null}
    </form>
  </section>
)
