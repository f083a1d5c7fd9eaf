export type { CampaignDetails as CampaignView, CampaignSummary } from '../../app/campaigns/get-campaign-details.js'

export type SignValues = Partial<Record<string, string>>
