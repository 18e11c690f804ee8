import { Router } from 'express';

/** One part the platform cannot serve without; `check` rejects when it does not answer. */
export interface ReadinessProbe {
  name: string;
  check(): Promise<unknown>;
}

/** How long one probe may take before it counts as not answering. */
export const PROBE_TIMEOUT_MS = 2_000;

async function answers(probe: ReadinessProbe): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe.check(), timeout]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`: the process is up (for a liveness probe: restart it when this stops answering).
 * `/readyz`: every probe answers (for a load balancer: send no traffic while one does not); 503 with
 * the failing parts by name. The reasons go to the log, not to whoever asks.
 */
export function healthRoutes(probes: readonly ReadinessProbe[], log: (line: string) => void): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const failures = await Promise.all(probes.map(answers));
    const checks = Object.fromEntries(probes.map((p, i) => [p.name, failures[i] ? 'failing' : 'ok']));
    probes.forEach((probe, i) => {
      if (failures[i]) log(`readiness: ${probe.name} is failing: ${failures[i]}`);
    });
    const ready = failures.every((f) => f === undefined);
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: ready ? 'ready' : 'not ready', checks });
  });
  return router;
}
