import type { Language } from '../../../core/languages.js'

/** What every email of a sign attempt carries: the address, the title as the supporter read it, their language. */
export type SignMail = {
  campaignId: string
  to: string
  campaignTitle: string
  protected: boolean
  lang: Language
}
