import path from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import type { GalleryPolicy } from './services/gallery-policy.js';
import { END_USER_PATTERN } from './services/principal.js';

/**
 * Every environment variable vitrina reads, parsed once at start-up.
 * A bad value fails fast with one message naming every bad key.
 */

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const num = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const url = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      try {
        const u = new URL(v);
        if (!protocols.includes(u.protocol)) throw new Error();
        return v;
      } catch {
        ctx.addIssue({ code: 'custom', message: `expected a ${protocols.join(' or ')} URL` });
        return z.NEVER;
      }
    });

/** `a, b,c` → ['a', 'b', 'c']; unset or empty → []. */
const commaList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  );

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const schema = z
  .object({
    PORT: int(4000, 0, 65535),
    HOST: z.string().optional().default('0.0.0.0'),
    TRUST_PROXY: commaList.refine(
      (list) => {
        try {
          proxyaddr.compile(list);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'a comma-separated list of addresses, subnets (10.0.0.0/8) or loopback, linklocal, uniquelocal' },
    ),
    DATA_DIR: z.string().optional().default('./data'),
    DATABASE_URL: url(['postgres:', 'postgresql:']),
    ADMIN_API_KEY: optionalString.refine((v) => v === undefined || v.length >= 16, {
      message: 'must be at least 16 characters',
    }),
    DEMO_CATALOG: bool(true),
    METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, {
      message: 'must be at least 16 characters',
    }),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
    MAX_UPLOAD_BYTES: int(10 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    MAX_IMAGE_PIXELS: int(40_000_000, 1, 500_000_000),
    MAX_QUERY_DEPTH: int(12, 2, 100),
    MAX_REQUEST_BYTES: int(1024 * 1024, 16 * 1024, 64 * 1024 * 1024),
    MAX_IMPORT_REQUEST_BYTES: int(64 * 1024 * 1024, 1024 * 1024, 1024 * 1024 * 1024),
    RATE_LIMIT_PER_MINUTE: int(600, 0, 1_000_000),
    RATE_LIMIT_PER_KEY_PER_MINUTE: int(6000, 1, 10_000_000),
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: int(6000, 1, 10_000_000),
    RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: int(30, 1, 1_000_000),
    WS_MAX_CONNECTIONS: int(1000, 1, 100_000),
    WS_MAX_CONNECTIONS_PER_KEY: int(20, 1, 100_000),
    DRIFT_INTERVAL_SECONDS: int(60, 0, 86_400),
    DRIFT_REFERENCE: z.enum(['first', 'preceding']).optional().default('first'),
    DRIFT_REFERENCE_SIZE: int(500, 10, 100_000),
    DRIFT_CURRENT_SIZE: int(500, 10, 100_000),
    DRIFT_CURRENT_HOURS: num(0, 0, 8_760),
    DRIFT_ALPHA: num(0.01, 1e-6, 0.5),
    DRIFT_MIN_SAMPLES: int(30, 5, 100_000),
    RETRAIN_INTERVAL_SECONDS: int(0, 0, 30 * 86_400),
    RETRAIN_MIN_EXAMPLES: int(50, 20, 10_000_000),
    RETRAIN_ACCURACY_DROP: num(0.1, 0, 1),
    RETRAIN_ACCURACY_WINDOW: int(100, 10, 100_000),
    RETRAIN_ACCURACY_MIN_SAMPLES: int(30, 5, 100_000),
    RETRAIN_ON_DRIFT: bool(true),
    RETRAIN_EXPERIMENT_SHARE: num(0, 0, 0.5),
    GALLERY_MAX_VIEWS_PER_PRODUCT: int(20, 0, 1000),
    GALLERY_DUPLICATE_SIMILARITY: num(0.995, 0, 1),
    GALLERY_CONSENSUS_USERS: int(0, 0, 1000),
    GALLERY_CONSENSUS_SIMILARITY: num(0.95, 0, 1),
    GALLERY_TRUSTED_USERS: commaList,
    TELEGRAM_BOT_TOKEN: optionalString,
    TELEGRAM_API_ROOT: url(['http:', 'https:']).transform((v) => v ?? 'https://api.telegram.org'),
    VITRINA_API_URL: url(['http:', 'https:']).transform((v) => v ?? 'http://localhost:4000/graphql'),
    VITRINA_API_KEY: optionalString,
    VITRINA_END_USER: optionalString.refine((v) => v === undefined || END_USER_PATTERN.test(v), {
      message: 'expected <namespace>:<id>, e.g. telegram:12345',
    }),
    TELEGRAM_WEBHOOK_URL: url(['https:', 'http:']),
    TELEGRAM_WEBHOOK_PORT: int(8080, 1, 65535),
    TELEGRAM_WEBHOOK_HOST: z.string().optional().default('127.0.0.1'),
    TELEGRAM_WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(v), {
      message: 'expected 1 to 256 characters A-Z, a-z, 0-9, _ or -',
    }),
    ADMIN_TELEGRAM_IDS: commaList.refine((ids) => ids.every((id) => /^\d+$/.test(id)), {
      message: 'expected comma-separated numeric Telegram user ids',
    }),
  })
  .superRefine((env, ctx) => {
    // Without the secret anyone who reaches the port could post an update "from" an admin.
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'required when TELEGRAM_WEBHOOK_URL is set (Telegram sends it with every update; others are refused)',
      });
    }
  });

export type Config = {
  port: number;
  host: string;
  /** Proxies (load balancers) whose X-Forwarded-For names the client: the rate limits' address. */
  trustProxy: string[];
  dataDir: string;
  databaseUrl: string | undefined;
  adminApiKey: string | undefined;
  demoCatalog: boolean;
  /** When set, `/metrics` answers only `Authorization: Bearer <token>` (Prometheus's `authorization`). */
  metricsToken: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  limits: {
    uploadBytes: number;
    imagePixels: number;
    queryDepth: number;
    /** A JSON request body's limit (uploads have their own, `uploadBytes`). */
    requestBytes: number;
    /** An admin's bulk-import request (`importProducts`, many files): its whole body. */
    importRequestBytes: number;
    /** Request budgets per minute (src/api/rate-limit.ts); `perMinute` 0 turns them all off. */
    rate: {
      /** Per API key (per end user for a service key) or, without a key, per address. */
      perMinute: number;
      /** Per key over all its end users. */
      perKeyPerMinute: number;
      /** Per client address, every request. */
      perAddressPerMinute: number;
      /** Failed authentications per address. */
      authFailuresPerMinute: number;
    };
    wsConnections: number;
    /** Open WebSocket connections per API key (per end user for a service key), or per address without a key. */
    wsConnectionsPerKey: number;
  };
  drift: {
    /** Seconds between drift computations (0: only when driftReport is asked). */
    intervalSeconds: number;
    /** The reference window: the version's first searches, or those just before the current window. */
    reference: 'first' | 'preceding';
    referenceSize: number;
    currentSize: number;
    /** When > 0, the current window is the last this many hours instead of the last `currentSize` searches. */
    currentHours: number;
    alpha: number;
    minSamples: number;
  };
  retraining: {
    /** Seconds between retraining checks (0: off). */
    intervalSeconds: number;
    minExamples: number;
    /** Relative top-1 accuracy drop that triggers a run (0: off). */
    accuracyDrop: number;
    accuracyWindow: number;
    accuracyMinSamples: number;
    onDrift: boolean;
    /** Traffic share of the experiment started for a new version (0: none). */
    experimentShare: number;
  };
  /** Which confirmed shopper photos join a product's gallery (src/services/gallery-policy.ts). */
  gallery: GalleryPolicy;
  bot: {
    token: string | undefined;
    apiRoot: string;
    apiUrl: string;
    apiKey: string | undefined;
    adminTelegramIds: string[];
    /** Unset: long polling. Set: the public URL Telegram posts updates to. */
    webhookUrl: string | undefined;
    /** Local port of the webhook server. */
    webhookPort: number;
    /** Local address of the webhook server (loopback unless told otherwise: a TLS proxy sits in front). */
    webhookHost: string;
    webhookSecret: string | undefined;
  };
  cli: {
    /** The end user a SERVICE key acts for (the X-End-User header), e.g. `telegram:12345`. */
    endUser: string | undefined;
  };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    trustProxy: e.TRUST_PROXY,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    adminApiKey: e.ADMIN_API_KEY,
    demoCatalog: e.DEMO_CATALOG,
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
    limits: {
      uploadBytes: e.MAX_UPLOAD_BYTES,
      imagePixels: e.MAX_IMAGE_PIXELS,
      queryDepth: e.MAX_QUERY_DEPTH,
      requestBytes: e.MAX_REQUEST_BYTES,
      importRequestBytes: e.MAX_IMPORT_REQUEST_BYTES,
      rate: {
        perMinute: e.RATE_LIMIT_PER_MINUTE,
        perKeyPerMinute: e.RATE_LIMIT_PER_KEY_PER_MINUTE,
        perAddressPerMinute: e.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
        authFailuresPerMinute: e.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
      },
      wsConnections: e.WS_MAX_CONNECTIONS,
      wsConnectionsPerKey: e.WS_MAX_CONNECTIONS_PER_KEY,
    },
    drift: {
      intervalSeconds: e.DRIFT_INTERVAL_SECONDS,
      reference: e.DRIFT_REFERENCE,
      referenceSize: e.DRIFT_REFERENCE_SIZE,
      currentSize: e.DRIFT_CURRENT_SIZE,
      currentHours: e.DRIFT_CURRENT_HOURS,
      alpha: e.DRIFT_ALPHA,
      minSamples: e.DRIFT_MIN_SAMPLES,
    },
    retraining: {
      intervalSeconds: e.RETRAIN_INTERVAL_SECONDS,
      minExamples: e.RETRAIN_MIN_EXAMPLES,
      accuracyDrop: e.RETRAIN_ACCURACY_DROP,
      accuracyWindow: e.RETRAIN_ACCURACY_WINDOW,
      accuracyMinSamples: e.RETRAIN_ACCURACY_MIN_SAMPLES,
      onDrift: e.RETRAIN_ON_DRIFT,
      experimentShare: e.RETRAIN_EXPERIMENT_SHARE,
    },
    gallery: {
      maxViewsPerProduct: e.GALLERY_MAX_VIEWS_PER_PRODUCT,
      duplicateSimilarity: e.GALLERY_DUPLICATE_SIMILARITY,
      consensusUsers: e.GALLERY_CONSENSUS_USERS,
      consensusSimilarity: e.GALLERY_CONSENSUS_SIMILARITY,
      trustedUsers: e.GALLERY_TRUSTED_USERS,
    },
    bot: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT,
      apiUrl: e.VITRINA_API_URL,
      apiKey: e.VITRINA_API_KEY,
      adminTelegramIds: e.ADMIN_TELEGRAM_IDS,
      webhookUrl: e.TELEGRAM_WEBHOOK_URL,
      webhookPort: e.TELEGRAM_WEBHOOK_PORT,
      webhookHost: e.TELEGRAM_WEBHOOK_HOST,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
    },
    cli: { endUser: e.VITRINA_END_USER },
  };
}
