/** Leaves of the signature log and the receipts that let a signer find their own leaf. */
import { sha256 } from './hashing.js'
import { concatBytes, fromBase64Url, fromHex, toBase64Url, toHex, utf8 } from './bytes.js'

export type LeafType = 'add' | 'withdraw'
export type LogLeaf = { type: LeafType; campaignId: string; commitment: Uint8Array }

const LEAF_TAG = utf8('amicus-sig/v1')
const RECEIPT_TAG = utf8('amicus-receipt/v1')
const TYPE_BYTE: Record<LeafType, number> = { add: 0x01, withdraw: 0x02 }
const CAMPAIGN_ID_SIZE = 16
const COMMITMENT_SIZE = 32
const RECEIPT_SECRET_SIZE = 32

/** tag ‖ 0x00 ‖ type ‖ campaign id ‖ commitment */
export const LEAF_SIZE = LEAF_TAG.length + 2 + CAMPAIGN_ID_SIZE + COMMITMENT_SIZE

export const isCampaignId = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{32}$/.test(value)

const campaignIdBytes = (campaignId: string): Uint8Array => {
  if (!isCampaignId(campaignId)) throw new Error('campaign id must be 32 lower-case hex characters')
  return fromHex(campaignId)
}

export const encodeLeaf = ({ type, campaignId, commitment }: LogLeaf): Uint8Array => {
  const typeByte = TYPE_BYTE[type]
  if (typeByte === undefined) throw new Error(`unknown leaf type ${JSON.stringify(type)}`)
  if (commitment.length !== COMMITMENT_SIZE) throw new Error(`commitment must be ${COMMITMENT_SIZE} bytes`)
  return concatBytes(LEAF_TAG, Uint8Array.of(0x00, typeByte), campaignIdBytes(campaignId), commitment)
}

export const decodeLeaf = (bytes: Uint8Array): LogLeaf => {
  if (bytes.length !== LEAF_SIZE) throw new Error(`leaf must be ${LEAF_SIZE} bytes, got ${bytes.length}`)
  const tagEnd = LEAF_TAG.length
  if (!LEAF_TAG.every((byte, i) => bytes[i] === byte) || bytes[tagEnd] !== 0x00) throw new Error('leaf has the wrong tag')
  const typeByte = bytes[tagEnd + 1]
  const type = typeByte === TYPE_BYTE.add ? 'add' : typeByte === TYPE_BYTE.withdraw ? 'withdraw' : undefined
  if (!type) throw new Error(`unknown leaf type byte ${typeByte}`)
  const idStart = tagEnd + 2
  return {
    type,
    campaignId: toHex(bytes.slice(idStart, idStart + CAMPAIGN_ID_SIZE)),
    commitment: bytes.slice(idStart + CAMPAIGN_ID_SIZE),
  }
}

/** The public commitment for a receipt secret; binding the campaign stops a receipt matching another campaign's log. */
export const commitmentFromReceipt = (campaignId: string, r: Uint8Array): Uint8Array => {
  if (r.length !== RECEIPT_SECRET_SIZE) throw new Error(`receipt secret must be ${RECEIPT_SECRET_SIZE} bytes`)
  return sha256(concatBytes(RECEIPT_TAG, campaignIdBytes(campaignId), r))
}

export const formatReceipt = (campaignId: string, r: Uint8Array): string => {
  if (!isCampaignId(campaignId)) throw new Error('campaign id must be 32 lower-case hex characters')
  if (r.length !== RECEIPT_SECRET_SIZE) throw new Error(`receipt secret must be ${RECEIPT_SECRET_SIZE} bytes`)
  return `${campaignId}.${toBase64Url(r)}`
}

/** Parses `<campaignId>.<base64url(r)>`, ignoring surrounding whitespace; anything else is undefined. */
export const parseReceipt = (text: string): { campaignId: string; r: Uint8Array } | undefined => {
  const match = /^([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/.exec(text.trim())
  if (!match?.[1] || !match[2]) return undefined
  try {
    return { campaignId: match[1], r: fromBase64Url(match[2]) }
  } catch {
    return undefined
  }
}
