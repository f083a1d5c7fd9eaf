import type { z } from 'zod'
import type { ApiScope } from '../../core/api-key.js'
import {
  advocacyCampaignSchema,
  advocacyCampaignsSchema,
  campaignSchema,
  campaignsSchema,
  createCampaignBodySchema,
  createdCampaignSchema,
  csvSchema,
  deliverBodySchema,
  deliveryResultSchema,
  entryPointSchema,
  openApiDocumentSchema,
  outreachesSchema,
  pageQuerySchema,
  petitionDetailSchema,
  petitionsSchema,
  publicPageQuerySchema,
  putTargetBodySchema,
  sealedExportSchema,
  signaturesSchema,
  targetSchema,
  targetsSchema,
  updateCampaignBodySchema,
} from './api-schemas.js'

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429

/**
 * One API operation: its route, who may call it (`public`, or the API key scope it needs), how
 * its query and body are validated and what it answers. The routes are registered from this
 * table and the OpenAPI document is generated from it: neither can describe what the other lacks.
 */
export type Operation = {
  method: 'get' | 'post' | 'put' | 'patch'
  /** OpenAPI path template: /api/v1/petitions/{slug} */
  path: string
  summary: string
  description?: string
  scope: ApiScope | 'public'
  query?: z.ZodObject
  body?: z.ZodType
  success: { status: 200 | 201 | 202; description: string; schema: z.ZodType; contentType?: 'application/json' | 'text/csv' }
  errors: readonly ErrorStatus[]
}

const authErrors = [401, 403, 429] as const
const slugParam = '{slug}'

export const operations = {
  entryPoint: {
    method: 'get',
    path: '/api/v1',
    summary: 'The API entry point: what this server offers, as HAL links',
    scope: 'public',
    success: { status: 200, description: 'The entry point', schema: entryPointSchema },
    errors: [],
  },
  openApi: {
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    scope: 'public',
    success: { status: 200, description: 'The document', schema: openApiDocumentSchema },
    errors: [],
  },
  listPetitions: {
    method: 'get',
    path: '/api/v1/petitions',
    summary: 'Public campaigns with their verified counts (no key needed; cached for a few seconds)',
    scope: 'public',
    query: publicPageQuerySchema,
    success: { status: 200, description: 'A page of public campaigns', schema: petitionsSchema },
    errors: [422],
  },
  getPetition: {
    method: 'get',
    path: `/api/v1/petitions/${slugParam}`,
    summary: 'One public campaign with its text, goal and log pointers (no key needed; cached for a few seconds)',
    scope: 'public',
    success: { status: 200, description: 'The petition', schema: petitionDetailSchema },
    errors: [404],
  },
  listSignatures: {
    method: 'get',
    path: `/api/v1/petitions/${slugParam}/signatures`,
    summary: 'The count and breakdown, and the names signers chose to show publicly',
    description:
      'Protected campaigns answer counts only and never a record per signer. Standard campaigns add the names signers agreed to show on the public page, under pseudonymous identifiers. Everything else a signer entered is sealed to the organiser key and cannot be read by the server.',
    scope: 'read',
    query: pageQuerySchema,
    success: { status: 200, description: 'Aggregates and consented records', schema: signaturesSchema },
    errors: [...authErrors, 404, 422],
  },
  deliverPetition: {
    method: 'post',
    path: `/api/v1/petitions/${slugParam}/deliveries`,
    summary: 'Send the petition to its recipients now, with the verified count and checkpoint',
    scope: 'deliver',
    body: deliverBodySchema,
    success: { status: 202, description: 'Deliveries queued (once per recipient and minute)', schema: deliveryResultSchema },
    errors: [400, ...authErrors, 404, 409, 413, 415, 422],
  },
  listAdvocacyCampaigns: {
    method: 'get',
    path: '/api/v1/advocacy_campaigns',
    summary: 'Your letter campaigns',
    scope: 'read',
    query: pageQuerySchema,
    success: { status: 200, description: 'A page of letter campaigns', schema: advocacyCampaignsSchema },
    errors: [...authErrors, 422],
  },
  getAdvocacyCampaign: {
    method: 'get',
    path: `/api/v1/advocacy_campaigns/${slugParam}`,
    summary: 'One of your letter campaigns',
    scope: 'read',
    success: { status: 200, description: 'The letter campaign', schema: advocacyCampaignSchema },
    errors: [...authErrors, 404],
  },
  listOutreaches: {
    method: 'get',
    path: `/api/v1/advocacy_campaigns/${slugParam}/outreaches`,
    summary: 'Letters per recipient and state (aggregated; never one per supporter)',
    scope: 'read',
    query: pageQuerySchema,
    success: { status: 200, description: 'Outreach totals per recipient', schema: outreachesSchema },
    errors: [...authErrors, 404, 422],
  },
  listCampaigns: {
    method: 'get',
    path: '/api/v1/campaigns',
    summary: 'Your campaigns, drafts included (admins: every campaign)',
    scope: 'read',
    query: pageQuerySchema,
    success: { status: 200, description: 'A page of campaigns', schema: campaignsSchema },
    errors: [...authErrors, 422],
  },
  createCampaign: {
    method: 'post',
    path: '/api/v1/campaigns',
    summary: 'Start a draft from a template; the organiser private key is in the answer, once',
    scope: 'write',
    body: createCampaignBodySchema,
    success: { status: 201, description: 'The new draft, with its organiser private key', schema: createdCampaignSchema },
    errors: [400, ...authErrors, 413, 415, 422],
  },
  getCampaign: {
    method: 'get',
    path: `/api/v1/campaigns/${slugParam}`,
    summary: 'One campaign you may see',
    scope: 'read',
    success: { status: 200, description: 'The campaign', schema: campaignSchema },
    errors: [...authErrors, 404],
  },
  updateCampaign: {
    method: 'patch',
    path: `/api/v1/campaigns/${slugParam}`,
    summary: 'Change a draft: text, goal, deadline, milestones, privacy and delivery mode, recipients',
    scope: 'write',
    body: updateCampaignBodySchema,
    success: { status: 200, description: 'The saved draft', schema: campaignSchema },
    errors: [400, ...authErrors, 404, 409, 413, 415, 422],
  },
  getSealedStatements: {
    method: 'get',
    path: `/api/v1/campaigns/${slugParam}/sealed_statements`,
    summary: 'Signers’ sealed statements, for `amicus decrypt` offline (standard campaigns only)',
    description:
      'The server cannot open these: they are sealed to the organiser key. `amicus decrypt --key organiser.key --format action-network export.json` turns them into an Action Network supporter list of those who asked for updates. Protected campaigns refuse (403): nothing per signer leaves the server through the API.',
    scope: 'read',
    success: { status: 200, description: 'The sealed export', schema: sealedExportSchema },
    errors: [...authErrors, 404],
  },
  getAggregateCsv: {
    method: 'get',
    path: `/api/v1/campaigns/${slugParam}/exports/aggregate.csv`,
    summary: 'The published count per epoch and the released breakdown, as CSV',
    scope: 'read',
    success: { status: 200, description: 'kind,at,country,value', schema: csvSchema, contentType: 'text/csv' },
    errors: [...authErrors, 404],
  },
  getDeliveriesCsv: {
    method: 'get',
    path: `/api/v1/campaigns/${slugParam}/exports/deliveries.csv`,
    summary: 'Deliveries per recipient with their status and reasons, as CSV',
    scope: 'read',
    success: { status: 200, description: 'kind,reason,recipient,status,count,note', schema: csvSchema, contentType: 'text/csv' },
    errors: [...authErrors, 404],
  },
  listTargets: {
    method: 'get',
    path: '/api/v1/targets',
    summary: 'The recipient directory',
    scope: 'read',
    query: pageQuerySchema,
    success: { status: 200, description: 'A page of recipients', schema: targetsSchema },
    errors: [...authErrors, 422],
  },
  getTarget: {
    method: 'get',
    path: '/api/v1/targets/{id}',
    summary: 'One recipient',
    scope: 'read',
    success: { status: 200, description: 'The recipient', schema: targetSchema },
    errors: [...authErrors, 404],
  },
  putTarget: {
    method: 'put',
    path: '/api/v1/targets/{id}',
    summary: 'Add or replace a recipient in the shared directory (admins only)',
    scope: 'write',
    body: putTargetBodySchema,
    success: { status: 200, description: 'The saved recipient', schema: targetSchema },
    errors: [400, ...authErrors, 413, 415, 422],
  },
} as const satisfies Record<string, Operation>

export type OperationId = keyof typeof operations

/** `/api/v1/petitions/{slug}` → `/api/v1/petitions/:slug` */
export const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1')

export const pathParams = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
