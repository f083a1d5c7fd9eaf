import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { findOrganisationProfile } from '../../app/organisations/find-organisation-profile.js'
import { saveOrganisationProfile } from '../../app/organisations/save-organisation-profile.js'
import { setOrganisationLogo } from '../../app/organisations/set-organisation-logo.js'
import { imageProblemText } from '../../app/organisations/store-image.js'
import { privacyNoticePath } from '../../core/organisation.js'
import type { CliCommand } from './cli-command.js'
import type { CliIo } from './cli-io.js'
import { withRuntime } from './with-runtime.js'

export const ORGANISATION_USAGE = `amicus organisation show [--slug SLUG]
amicus organisation create --slug SLUG --name NAME --email EMAIL --controller NAME --address TEXT [--description TEXT] [--website URL]
amicus organisation update [--slug SLUG] [--name NAME] [--email EMAIL] [--controller NAME] [--address TEXT] [--description TEXT] [--website URL]
amicus organisation logo [--slug SLUG] FILE | --remove
    Who runs campaigns, as supporters see it beside the sign form, in emails and in the privacy
    notice. Without --slug: the site's own organisation (the first created). In --address, "\\n"
    starts a new line. A logo is a PNG or JPEG of at most 2 MB, re-drawn at most 400 pixels a side.`

const options = {
  slug: { type: 'string' },
  name: { type: 'string' },
  email: { type: 'string' },
  controller: { type: 'string' },
  address: { type: 'string' },
  description: { type: 'string' },
  website: { type: 'string' },
  remove: { type: 'boolean' },
} as const

const usage = (io: CliIo) => {
  io.err(ORGANISATION_USAGE)
  return 2
}

const run = async (args: string[], io: CliIo): Promise<number> => {
  const [verb, ...rest] = args
  let parsed
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true })
  } catch {
    return usage(io)
  }
  const { values: v, positionals } = parsed
  if (!verb || !['show', 'create', 'update', 'logo'].includes(verb)) return usage(io)
  if (verb === 'create' && !v.slug) return usage(io)
  if (verb === 'logo' && (v.remove ? positionals.length !== 0 : positionals.length !== 1)) return usage(io)
  return await withRuntime(io, async ({ deps }) => {
    const current = v.slug && verb !== 'create' ? await findOrganisationProfile(deps, { slug: v.slug }) : verb === 'create' ? undefined : await findOrganisationProfile(deps, { organisationId: null })
    if (verb !== 'create' && !current) {
      io.err(v.slug ? `No organisation is called ${v.slug}.` : 'No organisation exists yet: create one with `amicus organisation create`.')
      return 1
    }
    if (verb === 'show') {
      const o = current!
      io.out(`${o.name} (${o.slug})`)
      if (o.description) io.out(o.description)
      io.out(`website: ${o.website ?? '-'}`)
      io.out(`contact: ${o.contactEmail}`)
      io.out(`controller: ${o.controllerName}, ${o.controllerAddress.replace(/\n/g, ', ')}`)
      io.out(`logo: ${o.logoUrl ?? '-'}`)
      io.out(`privacy notice: ${deps.config.siteUrl}${privacyNoticePath(o.slug)}`)
      return 0
    }
    if (verb === 'logo') {
      const bytes = v.remove ? null : new Uint8Array(await readFile(positionals[0]!))
      const r = await setOrganisationLogo(deps, { organisationId: current!.id, bytes })
      if (!r.ok) {
        io.err(r.reason === 'invalid_image' ? imageProblemText[r.problem] : 'No such organisation.')
        return 1
      }
      io.out(r.url ? `logo set: ${deps.config.siteUrl}${r.url}` : 'logo removed')
      return 0
    }
    const profile = {
      name: v.name ?? current?.name ?? '',
      description: v.description ?? current?.description ?? '',
      website: v.website ?? current?.website ?? '',
      contactEmail: v.email ?? current?.contactEmail ?? '',
      controllerName: v.controller ?? current?.controllerName ?? '',
      controllerAddress: (v.address ?? current?.controllerAddress ?? '').replace(/\\n/g, '\n'),
    }
    const r = await saveOrganisationProfile(deps, current ? { id: current.id, profile } : { slug: v.slug!, profile })
    if (!r.ok) {
      if (r.reason === 'invalid') for (const [field, message] of Object.entries(r.errors)) io.err(`${field}: ${message}`)
      else io.err(r.reason === 'slug_taken' ? 'Another organisation uses that slug.' : r.reason === 'invalid_slug' ? 'The slug is 2 to 41 lower case letters, digits and hyphens.' : 'No such organisation.')
      return 1
    }
    io.out(`${r.created ? 'created' : 'updated'} ${r.slug}; privacy notice at ${deps.config.siteUrl}${privacyNoticePath(r.slug)}`)
    return 0
  })
}

/** The organisation profile from the server's command line. */
export const organisationCommands: readonly CliCommand[] = [{ name: 'organisation', run }]
