/**
 * The facts of INC-2291 as BRIEF.md tells them: the names in the manifests, the last good release
 * from the rollout history, and what 2.13.2 measured in its logs and in `kubectl top`.
 */
import parameters from './parameters.json' with { type: 'json' };

/**
 * The namespace, as this variant names it: the platform writes the value a seed draws into
 * parameters.json (#17); the package's own copy holds shop.
 */
export const NAMESPACE: string = parameters.namespace;
export const DEPLOYMENT = 'checkout-api';
export const APP_CONTAINER = 'checkout-api';
/** The HTTP listener (/healthz, /ready), up only once the cache is warm; metrics (9090) start at once. */
export const APP_PORT = 8080;
/** The only paths the HTTP listener serves; anything else is a 404. */
export const APP_HEALTH_PATHS: readonly string[] = ['/healthz', '/ready'];

/** Release 2.13.2 (revision 8). Its digest is the imageID its pods reported. */
export const LAST_GOOD = {
  repository: 'ghcr.io/acme-retail/checkout-api',
  tag: '2.13.2',
  digest: 'sha256:27ab40c3d270878fb0ff8c4535bb7f3ee6eded6353f935d651524c7fa6b6291f',
} as const;

/** Images the ticket names, so a message can say which release a candidate picked instead. */
export const KNOWN_DIGESTS: Readonly<Record<string, string>> = {
  'sha256:d1141b445ba05076fad87d85c4a26aa2e4ddd30910291e8a4ec556da2d0c5fce': '2.13.1',
  'sha256:27ab40c3d270878fb0ff8c4535bb7f3ee6eded6353f935d651524c7fa6b6291f': '2.13.2',
  'sha256:8b8730bb2798634d430e2c825638c0b17d63fb8367108ddc1875a3ab4e4208e6': '2.14.0 (the failing release)',
};

/** Start-up times of 2.13.2 in the log archive, in seconds; the slowest was on a fresh node. */
export const START_TIMES_SECONDS: readonly number[] = [38.4, 41.9, 71.6];
export const SLOWEST_START_SECONDS = Math.max(...START_TIMES_SECONDS);
export const TYPICAL_START_SECONDS = Math.min(...START_TIMES_SECONDS);

/** A pod that hangs after start-up must be restarted within this (R3): periodSeconds × failureThreshold. */
export const LIVENESS_DEADLINE_SECONDS = 120;
/** …but never after a single failed check (R3). */
export const MIN_LIVENESS_FAILURES = 2;

/** Checkout must never have fewer serving pods than this (the HPA's minimum today). */
export const MIN_SERVING_PODS = 3;

/** A pod stuck in start-up must be killed within this (R3). */
export const HANG_DEADLINE_SECONDS = 300;

/** Peak per container in `kubectl top` for 2.13.2: CPU in cores, memory in bytes. */
export const PEAK_USAGE: Readonly<Record<string, { cpu: number; memory: number }>> = {
  'checkout-api': { cpu: 0.412, memory: 731 * 2 ** 20 },
  'log-shipper': { cpu: 0.018, memory: 46 * 2 ** 20 },
};
