/**
 * Who may do what in the organiser workspace. An organiser sees and changes only their own
 * campaigns; moderators review everyone's; admins may do anything. Campaigns seeded before any
 * account existed have no owner and are admins' only.
 */
export type Actor = { id: string; role: 'organiser' | 'moderator' | 'admin' }

export const canManageCampaign = (actor: Actor, campaign: { ownerId: string | null }): boolean =>
  actor.role === 'admin' || (campaign.ownerId !== null && campaign.ownerId === actor.id)

export const canModerate = (actor: Actor): boolean => actor.role === 'moderator' || actor.role === 'admin'

/** Moderators may read a campaign to review it, but not export or deliver it. */
export const canViewCampaign = (actor: Actor, campaign: { ownerId: string | null; status: string }): boolean =>
  canManageCampaign(actor, campaign) || (canModerate(actor) && campaign.status === 'in_review')

export const canAdministerUsers = (actor: Actor): boolean => actor.role === 'admin'
