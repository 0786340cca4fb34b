/**
 * The portal's configuration, read once from the environment and validated at start-up.
 * Every setting has a documented default (README, "Configuration").
 */
import { z } from 'zod';
import { embeddedUrl } from './database/embedded-settings';
import { parseKzInstant } from './domain/time';
import { DEFAULT_RULES, type Rules } from './domain/verdict';

const schema = z.object({
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
        ctx.addIssue({ code: 'custom', message: 'GRANDFATHER_CUTOFF must be an ISO 8601 date or date-time' });
        return z.NEVER;
      }
      return d;
    }),
  UPLOAD_DIR: z.string().min(1).default('./data/uploads'),
  REVIEW_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  /** Secure staff cookies (with the __Host- prefix). Default: on in production. */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** The port of the equipment identity check server (npm run eir): HTTP/1.1 and h2c on one port. */
  EIR_PORT: z.coerce.number().int().min(0).max(65_535).default(3040),
  /** `off` turns the rate limits off (benchmarks only). */
  RATE_LIMIT: z.enum(['on', 'off']).default('on'),
});

export type Config = {
  databaseUrl: string;
  poolMax: number;
  rules: Rules;
  /** Where filed documents are kept: outside public/, never served to the public. */
  uploadDir: string;
  /** The working days support staff take to decide an application (what the owner is told). */
  reviewWorkingDays: number;
  cookieSecure: boolean;
  /** The EIR server's port (lib/eir, scripts/eir.ts). */
  eirPort: number;
  /** on | off (benchmarks): lib/data/rate-limits.ts */
  rateLimit: 'on' | 'off';
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
    reviewWorkingDays: c.REVIEW_WORKING_DAYS,
    cookieSecure: c.COOKIE_SECURE ? c.COOKIE_SECURE === 'true' : env.NODE_ENV === 'production',
    eirPort: c.EIR_PORT,
    rateLimit: c.RATE_LIMIT,
  };
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= load(process.env);
  return cached;
}

export const loadConfig = load;
