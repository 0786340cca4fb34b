/**
 * The portal's configuration, read once from the environment and validated at start-up.
 * Every setting has a documented default (README, "Configuration").
 */
import { z } from 'zod';
import { embeddedUrl } from './database/embedded-settings';
import { parseKzInstant } from './domain/time';
import { DEFAULT_RULES, type Rules } from './domain/verdict';
import { parseTrustedProxies, type AddressRange } from './domain/trusted-proxies';

const schema = z
  .object({
    DATABASE_URL: z
      .string()
      .optional()
      .transform((u) => u || embeddedUrl())
      .refine((u) => /^postgres(ql)?:\/\//.test(u), 'DATABASE_URL must be a postgresql:// URL'),
    /** Database connections per process (each app instance, each CLI). */
    PGPOOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    GREY_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_RULES.greyWindowDays),
    GRANDFATHER_CUTOFF: z
      .string()
      .default('2025-05-25')
      .transform((s, ctx) => {
        const d = parseKzInstant(s);
        if (!d) {
          ctx.addIssue({
            code: 'custom',
            message: 'GRANDFATHER_CUTOFF must be an ISO 8601 date or date-time',
          });
          return z.NEVER;
        }
        return d;
      }),
    UPLOAD_DIR: z.string().min(1).default('./data/uploads'),
    /** Minutes after which a file left in the upload folder's incoming/ by an unfinished filing is removed. */
    UPLOAD_ORPHAN_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
    REVIEW_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
    /** Secure staff cookies (with the __Host- prefix). Default: on in production. */
    COOKIE_SECURE: z.enum(['true', 'false']).optional(),
    /** The port of the equipment identity check server (npm run eir): HTTP/1.1 and h2c on one port. */
    EIR_PORT: z.coerce.number().int().min(0).max(65_535).default(3040),
    /** The proxies whose X-Forwarded-For is believed (addresses and CIDRs); empty: none (lib/server/edge-server.ts). */
    TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((s, ctx) => {
        const r = parseTrustedProxies(s);
        if (!r.ok) {
          ctx.addIssue({
            code: 'custom',
            message: `TRUSTED_PROXIES must list IP addresses and CIDR ranges, separated by commas (not: ${r.invalid.slice(0, 60)})`,
          });
          return z.NEVER;
        }
        return r.ranges;
      }),
    /** `off` turns the rate limits off (benchmarks only). */
    RATE_LIMIT: z.enum(['on', 'off']).default('on'),
    /** Checks per client address per minute on the check page; past it, "try again after". */
    RATE_LIMIT_CHECKS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
    /** Checks per client address per 10 minutes before the check page asks for the proof-of-work challenge. */
    RATE_LIMIT_CHALLENGE_AFTER: z.coerce.number().int().min(1).max(100_000).default(20),
    /** GET /api/v1/imei without a token: answers per client address per minute. */
    RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    /** GET /api/v1/imei with an API client's token: answers per client per minute. */
    RATE_LIMIT_API_CLIENT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
    /** The HMAC key that signs proof-of-work challenges; the same on every instance. Required in production. */
    ALTCHA_HMAC_KEY: z
      .string()
      .min(32, 'ALTCHA_HMAC_KEY must be at least 32 characters')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    NODE_ENV: z.string().optional(),
    /** log | http; unset: no SMS transport (features that need a code say the service is unavailable). */
    SMS_TRANSPORT: z
      .enum(['log', 'http'], 'SMS_TRANSPORT must be log or http')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    SMS_GATEWAY_URL: z
      .string()
      .url('SMS_GATEWAY_URL must be a URL')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    SMS_GATEWAY_TOKEN: z.string().optional(),
    /** log | smtp; unset: no email is queued. */
    EMAIL_TRANSPORT: z
      .enum(['log', 'smtp'], 'EMAIL_TRANSPORT must be log or smtp')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().default('IMEI portal <no-reply@localhost>'),
    /** SMS sent per Asia/Almaty day, codes and notifications together: past it none is sent. */
    SMS_DAILY_LIMIT: z.coerce.number().int().min(0).default(10_000),
    /** The portal's public address, for links in messages. */
    PUBLIC_URL: z.string().url('PUBLIC_URL must be a URL').default('http://localhost:3000'),
    /** Seconds between the worker's periodic scans (reminders, closures, watches). */
    NOTIFY_SCAN_SECONDS: z.coerce.number().min(0.5).max(86_400).default(60),
  })
  .superRefine((c, ctx) => {
    if (c.SMS_TRANSPORT === 'http') {
      if (!c.SMS_GATEWAY_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['SMS_GATEWAY_URL'],
          message: 'SMS_GATEWAY_URL is required with SMS_TRANSPORT=http',
        });
      if (!c.SMS_GATEWAY_TOKEN)
        ctx.addIssue({
          code: 'custom',
          path: ['SMS_GATEWAY_TOKEN'],
          message: 'SMS_GATEWAY_TOKEN is required with SMS_TRANSPORT=http',
        });
    }
    if (c.EMAIL_TRANSPORT === 'smtp' && !c.SMTP_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message: 'SMTP_URL is required with EMAIL_TRANSPORT=smtp',
      });
  });

/** Outside production only: a fixed, public key (challenges signed with it protect nothing). */
export const DEVELOPMENT_ALTCHA_KEY = 'development-only-altcha-key-never-use-in-production';

export type Config = {
  databaseUrl: string;
  poolMax: number;
  rules: Rules;
  /** Where filed documents are kept: outside public/, never served to the public. */
  uploadDir: string;
  /** Files in incoming/ older than this (minutes) and not part of a stored application are removed. */
  uploadOrphanMinutes: number;
  /** The working days support staff take to decide an application (what the owner is told). */
  reviewWorkingDays: number;
  cookieSecure: boolean;
  /** The EIR server's port (lib/eir, scripts/eir.ts). */
  eirPort: number;
  /** on | off (benchmarks): lib/data/rate-limits.ts */
  rateLimit: 'on' | 'off';
  /** TRUSTED_PROXIES: whose X-Forwarded-For the edge server believes. */
  trustedProxies: AddressRange[];
  /** The public-surface limits an operator may tune (lib/data/rate-limits.ts LIMITS). */
  limits: {
    checksPerMinute: number;
    challengeAfter: number;
    apiPerMinute: number;
    apiClientPerMinute: number;
  };
  /** Signs the proof-of-work challenges (lib/data/challenges.ts); null in production without ALTCHA_HMAC_KEY (the server refuses to start: `servingProblems`). */
  altchaHmacKey: string | null;
  notify: NotifyConfig;
};

export type NotifyConfig = {
  sms: { transport: 'log' } | { transport: 'http'; url: string; token: string } | null;
  email:
    { transport: 'log'; from: string } | { transport: 'smtp'; url: string; from: string } | null;
  smsDailyLimit: number;
  /** Without a trailing slash. */
  publicUrl: string;
  scanSeconds: number;
};

function load(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  return {
    databaseUrl: c.DATABASE_URL,
    poolMax: c.PGPOOL_MAX,
    rules: { greyWindowDays: c.GREY_WINDOW_DAYS, grandfatherCutoff: c.GRANDFATHER_CUTOFF },
    uploadDir: c.UPLOAD_DIR,
    uploadOrphanMinutes: c.UPLOAD_ORPHAN_MINUTES,
    reviewWorkingDays: c.REVIEW_WORKING_DAYS,
    cookieSecure: c.COOKIE_SECURE ? c.COOKIE_SECURE === 'true' : env.NODE_ENV === 'production',
    eirPort: c.EIR_PORT,
    rateLimit: c.RATE_LIMIT,
    trustedProxies: c.TRUSTED_PROXIES,
    limits: {
      checksPerMinute: c.RATE_LIMIT_CHECKS_PER_MINUTE,
      challengeAfter: c.RATE_LIMIT_CHALLENGE_AFTER,
      apiPerMinute: c.RATE_LIMIT_API_PER_MINUTE,
      apiClientPerMinute: c.RATE_LIMIT_API_CLIENT_PER_MINUTE,
    },
    altchaHmacKey:
      c.ALTCHA_HMAC_KEY ?? (c.NODE_ENV === 'production' ? null : DEVELOPMENT_ALTCHA_KEY),
    notify: {
      sms:
        c.SMS_TRANSPORT === 'http'
          ? { transport: 'http', url: c.SMS_GATEWAY_URL!, token: c.SMS_GATEWAY_TOKEN! }
          : c.SMS_TRANSPORT === 'log'
            ? { transport: 'log' }
            : null,
      email:
        c.EMAIL_TRANSPORT === 'smtp'
          ? { transport: 'smtp', url: c.SMTP_URL!, from: c.MAIL_FROM }
          : c.EMAIL_TRANSPORT === 'log'
            ? { transport: 'log', from: c.MAIL_FROM }
            : null,
      smsDailyLimit: c.SMS_DAILY_LIMIT,
      publicUrl: c.PUBLIC_URL.replace(/\/+$/, ''),
      scanSeconds: c.NOTIFY_SCAN_SECONDS,
    },
  };
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= load(process.env);
  return cached;
}

export const loadConfig = load;

/** Start-up warnings (the Next server's instrumentation and the worker print them). */
export function startupWarnings(c: Config = config()): string[] {
  const w: string[] = [];
  if (c.notify.sms?.transport === 'log')
    w.push(
      'SMS_TRANSPORT=log: SMS (one-time codes included) are written to the log and the admin Outbox page, not sent. For a demo only.',
    );
  if (c.notify.email?.transport === 'log')
    w.push(
      'EMAIL_TRANSPORT=log: emails are written to the log and the admin Outbox page, not sent. For a demo only.',
    );
  if (!c.notify.sms)
    w.push(
      'SMS_TRANSPORT is not set: no SMS is sent, and features that need a one-time code say the service is unavailable.',
    );
  return w;
}

export const ALTCHA_KEY_REQUIRED =
  'ALTCHA_HMAC_KEY is required in production (32 or more random characters, the same on every instance: openssl rand -base64 48)';

/**
 * What stops a production server from starting (instrumentation.ts; not the build, which needs no
 * secret): the proof-of-work challenges' key is missing.
 */
export function servingProblems(c: Config = config()): string[] {
  return c.altchaHmacKey === null ? [ALTCHA_KEY_REQUIRED] : [];
}

/** For tests: read the environment again at the next config() (e.g. after pointing SMS at a test gateway). */
export function resetConfigForTests(): void {
  cached = undefined;
}
