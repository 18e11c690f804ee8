import { z } from 'zod';
import type { SandboxLimits } from '../sandbox/index.ts';

/** Every setting Gauntlet reads from the environment, with its default. Nothing else reads process.env. */
const configSchema = z.object({
  /** Port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public base URL, used in the invitation links that are printed and sent. */
  PUBLIC_URL: z.url().optional(),
  /** PostgreSQL connection string; unset means an embedded PostgreSQL in ./.data. */
  DATABASE_URL: z.string().startsWith('postgres', 'must be a postgres:// or postgresql:// URL').optional(),
  /** Port of the embedded PostgreSQL (only when DATABASE_URL is unset). */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(5433),
  /** Docker engine: unix:///path or tcp://host:port; unset means the local socket. */
  DOCKER_HOST: z.string().optional(),
  /** Gradings one worker process runs at once (about the host's CPU count). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Run a grading worker inside the web server process (npm start does). */
  IN_PROCESS_WORKER: z.stringbool().default(true),
  /** Secret mixed into session ids before hashing; set it in production. */
  SESSION_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default('gauntlet-dev-secret-change-me'),
  /** Staff sessions last this long. */
  SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Bearer token a Prometheus scraper sends to /metrics; unset, only this machine may scrape. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Cookies get the Secure flag (turn on behind TLS). */
  SECURE_COOKIES: z.stringbool().default(false),
  /** Upper bounds for any sandbox run; a challenge may ask for less, never more. */
  SANDBOX_MAX_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  SANDBOX_MAX_MEMORY_MB: z.coerce.number().int().min(32).max(8192).default(1024),
  SANDBOX_CPUS: z.coerce.number().min(0.1).max(16).default(1),
  /**
   * Similarity evidence: another submission of the same challenge is shown on the review page when
   * it shares at least this share of fingerprints (0-1; renamed copies score 0.8 and up).
   */
  SIMILARITY_THRESHOLD: z.coerce.number().min(0.05).max(1).default(0.5),
  /** Live environments (terminals on a running system) this host runs at once; more wait their turn. */
  LIVE_MAX_ENVIRONMENTS: z.coerce.number().int().min(0).max(256).default(4),
  /**
   * The Docker engines live environments run on, each with its capacity:
   * `NAME URL CAPACITY` entries separated by commas, e.g.
   * `a unix:///var/run/docker.sock 4, b tcp://10.0.0.7:2375 8`. A new environment goes to the
   * engine with the most room. Unset: one engine, `local`, at DOCKER_HOST with LIVE_MAX_ENVIRONMENTS.
   * The names are stored with each environment: keep them when an engine's address changes.
   */
  LIVE_DOCKER_HOSTS: z
    .string()
    .optional()
    .transform((text, ctx) => (text === undefined ? undefined : parseLiveEngines(text, ctx))),
  /** A live environment nobody typed in for this long is stopped (it never outlives its attempt). */
  LIVE_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /**
   * Proxies in front of the server whose X-Forwarded-For is believed (0: none, the socket's address
   * is the client's). Rate limits and the audit log key on the client's IP, so set it to the number
   * of proxies (load balancers) in front of Gauntlet, and never more.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Rate limits count requests per fixed window of this many seconds. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(900),
  /** Sign-in attempts per client IP per window (an office shares one IP: kept generous). */
  RATE_LIMIT_SIGN_IN_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(50),
  /** Sign-in attempts per email per window: what stops guessing one staff member's password. */
  RATE_LIMIT_SIGN_IN_PER_EMAIL: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** Invitation links entered per client IP per window (tokens are 256-bit: this stops hammering). */
  RATE_LIMIT_ENTER_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** Gradings (Run checks and Submit) one attempt may ask for per window; each costs a sandbox. */
  RATE_LIMIT_GRADINGS_PER_ATTEMPT: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Requests one API token may make per window (an ATS syncing results polls; kept generous). */
  RATE_LIMIT_API_PER_TOKEN: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** SMTP server mail is sent through (smtp://user:pass@host:587); unset, mail is held in the outbox. */
  SMTP_URL: z
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** From address of the mail an organisation without its own sends. */
  SMTP_FROM: z.string().min(3).max(320).optional(),
  /**
   * Key that seals the secrets Gauntlet must read back (identity providers' client secrets, webhook
   * signing keys, ATS keys); unset, one is derived from SESSION_SECRET. Changing it makes them unreadable.
   */
  SECRETS_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Webhooks may go to loopback and private addresses (10.x, 172.16-31.x, 192.168.x, 127.x, fc00::/7):
   * for a receiver inside your network. Link-local and metadata addresses stay refused.
   */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.stringbool().default(false),
  /**
   * Lets an organisation's OpenID provider be plain http:// when it is on loopback (127.0.0.1,
   * localhost, [::1]): for tests and a local provider only. Any other issuer must be https://.
   */
  OIDC_ALLOW_INSECURE_LOOPBACK: z.stringbool().default(false),
  /** Seed the demo organisation at start (npm start does). */
  SEED_DEMO: z.stringbool().default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

/** A Docker engine live environments may run on. */
export interface LiveEngineConfig {
  /** Stored with each environment (live_environments.engine); names its grading queue. */
  name: string;
  /** unix:///path or tcp://host:port, as DOCKER_HOST. */
  url: string | undefined;
  /** Live environments it runs at once. */
  capacity: number;
}

const ENGINE_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

function parseLiveEngines(text: string, ctx: z.RefinementCtx): LiveEngineConfig[] {
  const engines: LiveEngineConfig[] = [];
  for (const [index, entry] of text.split(',').entries()) {
    const [name = '', url = '', capacity = '', ...rest] = entry.trim().split(/\s+/);
    const problem =
      rest.length > 0 || !capacity
        ? `entry ${index + 1} ("${entry.trim()}") must be NAME URL CAPACITY`
        : !ENGINE_NAME.test(name)
          ? `entry ${index + 1}: the name ${name} must be lowercase letters, digits and -`
          : !/^(unix|tcp|http|https):\/\/./.test(url)
            ? `entry ${index + 1}: ${url} must be unix:///path or tcp://host:port`
            : !/^\d+$/.test(capacity) || Number(capacity) > 256
              ? `entry ${index + 1}: the capacity ${capacity} must be a whole number from 0 to 256`
              : engines.some((e) => e.name === name)
                ? `entry ${index + 1}: the name ${name} is used twice`
                : null;
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return [];
    }
    engines.push({ name, url, capacity: Number(capacity) });
  }
  return engines;
}

/** The engines live environments run on: LIVE_DOCKER_HOSTS, or the one engine at DOCKER_HOST. */
export const liveEngines = (config: Config): LiveEngineConfig[] =>
  config.LIVE_DOCKER_HOSTS ?? [
    { name: 'local', url: config.DOCKER_HOST, capacity: config.LIVE_MAX_ENVIRONMENTS },
  ];

/** Parses the environment once; on bad values prints every problem, naming each variable, and exits. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  process.stderr.write(`Gauntlet cannot start, the environment is invalid:\n${problems.join('\n')}\n`);
  process.exit(1);
}

/** A config for tests and tools: defaults plus the given overrides, without touching process.env. */
export function configWith(overrides: Partial<Record<keyof Config, string>>): Config {
  return configSchema.parse(overrides);
}

/** The key material sealed secrets use (server/security/secrets.ts). */
export const secretsKeyOf = (config: Config): string =>
  config.SECRETS_KEY ?? `sealed:${config.SESSION_SECRET}`;

/** The host's caps on every sandbox, graders and live environments alike. */
export const sandboxCaps = (config: Config): Partial<SandboxLimits> => ({
  timeoutMs: config.SANDBOX_MAX_TIMEOUT_SECONDS * 1000,
  memoryBytes: config.SANDBOX_MAX_MEMORY_MB * 1024 * 1024,
  nanoCpus: Math.round(config.SANDBOX_CPUS * 1e9),
});
