import { z } from 'zod'

/**
 * Every setting the app reads, parsed once at boot. Pure: the entry points pass
 * `process.env` (Node) or the Workers `env`, nothing below them reads either.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max)

const rawConfigSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_PATH: z.string().min(1).optional(),
  SITE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Amicus <no-reply@localhost>'),
  MAIL_FROM_PROTECTED: z.string().min(3).optional(),
  APP_SECRET: z.string().optional(),
  EPOCH_SECONDS: int(1, 86_400).optional(),
  OUTBOX_INTERVAL_MS: int(50, 3_600_000).default(2000),
  CONFIRM_TOKEN_HOURS: int(1, 24 * 14).default(48),
  UNCONFIRMED_RETENTION_DAYS: int(1, 90).default(7),
  RATE_DATA_RETENTION_DAYS: int(1, 90).default(7),
  PURGE_AFTER_DAYS: int(0, 180).default(30),
  BREAKDOWN_K: int(2, 1000).default(10),
  BREAKDOWN_K_PROTECTED: int(2, 1000).default(20),
  BREAKDOWN_EPSILON: z.coerce.number().positive().max(5).default(0.5),
  BREAKDOWN_MAX_RELEASES: int(1, 100).default(6),
  SIGN_LIMIT_PER_IP_HOUR: int(1, 1_000_000).default(60),
  NOJS_SIGN_LIMIT_PER_IP_HOUR: int(1, 1_000_000).default(10),
  SIGN_LIMIT_PER_DOMAIN_HOUR: int(1, 10_000_000).default(200),
  SIGN_LIMIT_PER_CAMPAIGN_HOUR: int(1, 100_000_000).default(50_000),
  SIGN_LIMIT_GLOBAL_HOUR: int(1, 100_000_000).default(200_000),
  POW_MAX_NUMBER: int(1000, 10_000_000).default(100_000),
  TRUSTED_PROXIES: z.string().optional(),
  EMAILS_PER_SIGNATURE: int(1, 100).default(5),
  EMAILS_PER_ADDRESS_DAY: int(1, 1000).default(10),
  API_REQUESTS_PER_MINUTE: int(1, 100_000).default(120),
  SEED_TEMPLATES: bool.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
})

export type Config = {
  env: 'production' | 'development' | 'test'
  port: number
  host: string
  dataDir: string
  databasePath: string
  siteUrl: string
  smtpUrl: string | undefined
  mailFrom: string
  /** Neutral sender for protected campaigns: the From line must not reveal the cause. */
  mailFromProtected: string
  appSecret: string | undefined
  epochSeconds: number
  outboxIntervalMs: number
  confirmTokenHours: number
  unconfirmedRetentionDays: number
  rateDataRetentionDays: number
  purgeAfterDays: number
  breakdownK: number
  breakdownKProtected: number
  breakdownEpsilon: number
  breakdownMaxReleases: number
  signLimitPerIpHour: number
  /** Signatures sent without a solved proof of work (no JavaScript) get a stricter limit. */
  noJsSignLimitPerIpHour: number
  /** New signatures per hour from one mail domain (a "trending domain"), per campaign and overall. */
  signLimitPerDomainHour: number
  signLimitPerCampaignHour: number
  signLimitGlobalHour: number
  powMaxNumber: number
  /** Only requests from these addresses may tell us the client's address (X-Forwarded-For). */
  trustedProxies: string[]
  emailsPerSignature: number
  /** Confirmation and "already signed" emails to one address per day, across all campaigns. */
  emailsPerAddressDay: number
  /** Requests per API key per minute; beyond it the API answers 429. */
  apiRequestsPerMinute: number
  seedTemplates: boolean
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** The shortest APP_SECRET accepted: 32 characters of a random string. */
export const MIN_SECRET_LENGTH = 32

const weakSecret = (s: string) =>
  s.length < MIN_SECRET_LENGTH || new Set(s).size < 10 || /^(changeme|secret|password)/i.test(s)

/**
 * Parses settings from a plain record; throws a ConfigError naming every bad key.
 * Production refuses a missing or weak APP_SECRET; development leaves it undefined
 * so the Node entry can generate and store one under DATA_DIR.
 */
export const parseConfig = (record: Record<string, string | undefined>): Config => {
  const cleaned = Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined && v !== ''),
  )
  const parsed = rawConfigSchema.safeParse(cleaned)
  const problems: string[] = []
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || '(root)'}: ${issue.message}`)
    }
  }
  const raw = parsed.success ? parsed.data : undefined
  const env = raw?.NODE_ENV ?? 'development'
  const secret = typeof cleaned['APP_SECRET'] === 'string' ? cleaned['APP_SECRET'] : undefined
  if (env === 'production' && secret === undefined) {
    problems.push('APP_SECRET: required in production (at least 32 random characters)')
  } else if (secret !== undefined && weakSecret(secret)) {
    problems.push(`APP_SECRET: too short or too weak (at least ${MIN_SECRET_LENGTH} random characters)`)
  }
  if (env === 'production' && raw && !raw.SITE_URL) {
    problems.push('SITE_URL: required in production (the public https:// address)')
  }
  if (problems.length > 0 || !raw) throw new ConfigError(problems)

  const port = raw.PORT
  const dataDir = raw.DATA_DIR.replace(/\/+$/, '') || '.'
  const siteUrl = (raw.SITE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '')
  return {
    env,
    port,
    host: raw.HOST,
    dataDir,
    databasePath: raw.DATABASE_PATH ?? `${dataDir}/amicus.sqlite`,
    siteUrl,
    smtpUrl: raw.SMTP_URL,
    mailFrom: raw.MAIL_FROM,
    mailFromProtected: raw.MAIL_FROM_PROTECTED ?? raw.MAIL_FROM,
    appSecret: secret,
    // 15 minutes in production; one minute in development so a newcomer sees the count move.
    epochSeconds: raw.EPOCH_SECONDS ?? (env === 'production' ? 900 : 60),
    outboxIntervalMs: raw.OUTBOX_INTERVAL_MS,
    confirmTokenHours: raw.CONFIRM_TOKEN_HOURS,
    unconfirmedRetentionDays: raw.UNCONFIRMED_RETENTION_DAYS,
    rateDataRetentionDays: raw.RATE_DATA_RETENTION_DAYS,
    purgeAfterDays: raw.PURGE_AFTER_DAYS,
    breakdownK: raw.BREAKDOWN_K,
    breakdownKProtected: raw.BREAKDOWN_K_PROTECTED,
    breakdownEpsilon: raw.BREAKDOWN_EPSILON,
    breakdownMaxReleases: raw.BREAKDOWN_MAX_RELEASES,
    signLimitPerIpHour: raw.SIGN_LIMIT_PER_IP_HOUR,
    noJsSignLimitPerIpHour: raw.NOJS_SIGN_LIMIT_PER_IP_HOUR,
    signLimitPerDomainHour: raw.SIGN_LIMIT_PER_DOMAIN_HOUR,
    signLimitPerCampaignHour: raw.SIGN_LIMIT_PER_CAMPAIGN_HOUR,
    signLimitGlobalHour: raw.SIGN_LIMIT_GLOBAL_HOUR,
    powMaxNumber: raw.POW_MAX_NUMBER,
    trustedProxies: (raw.TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    emailsPerSignature: raw.EMAILS_PER_SIGNATURE,
    emailsPerAddressDay: raw.EMAILS_PER_ADDRESS_DAY,
    apiRequestsPerMinute: raw.API_REQUESTS_PER_MINUTE,
    seedTemplates: raw.SEED_TEMPLATES ?? env !== 'production',
    logLevel: raw.LOG_LEVEL,
  }
}
