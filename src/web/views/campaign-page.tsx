// The campaign page and its parts live under ./campaign/.
export { BreakdownTable } from './campaign/breakdown.js'
export { ErrorSummary } from './campaign/errors.js'
export { langAttrs } from './campaign/names.js'
export { CampaignPage } from './campaign/page.js'
