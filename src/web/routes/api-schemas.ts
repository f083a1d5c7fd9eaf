/**
 * The shapes of the JSON API under /api/v1: OSDI 1.x resources where one applies (petitions,
 * signatures, advocacy campaigns, outreaches, HAL `_links`, paginated collections), with Amicus
 * additions under `amicus:` names. The routes validate requests with these schemas and the
 * OpenAPI document at /api/v1/openapi.json is generated from them, so the two cannot drift.
 * Response objects are strict: a field not described here is a contract test failure.
 */

// Re-exported in this order: each schema is registered (and becomes an OpenAPI component) as its
// module is evaluated, so the order here is the order of the document's components.
export { apiSchemas, linkSchema, pageQuerySchema, publicPageQuerySchema, type PageQuery } from './api-schemas/shared.js'
export { apiErrorSchema, entryPointSchema } from './api-schemas/root.js'
export {
  breakdownSchema,
  petitionDetailSchema,
  petitionSchema,
  petitionsSchema,
  signatureSchema,
  signaturesSchema,
} from './api-schemas/petitions.js'
export { advocacyCampaignSchema, advocacyCampaignsSchema, outreachSchema, outreachesSchema } from './api-schemas/outreach.js'
export {
  campaignSchema,
  campaignsSchema,
  createCampaignBodySchema,
  createdCampaignSchema,
  deliverBodySchema,
  deliveryResultSchema,
  updateCampaignBodySchema,
} from './api-schemas/campaigns.js'
export { putTargetBodySchema, targetSchema, targetsSchema } from './api-schemas/targets.js'
export { csvSchema, openApiDocumentSchema, scopeSchema, sealedExportSchema } from './api-schemas/exports.js'
