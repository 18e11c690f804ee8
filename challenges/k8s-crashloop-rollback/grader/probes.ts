import { execTarget, onLoopback } from './exec-probe.ts';
import { APP_HEALTH_PATHS, APP_PORT } from './incident.ts';
import type { Fields } from './values.ts';
import { asList, asRecord, isRecord } from './values.ts';

export type ProbeKind = 'startupProbe' | 'livenessProbe' | 'readinessProbe';

/** A probe's timing, with the kubelet's defaults for fields left unset (or set to 0). */
export interface ProbeTiming {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly failureThreshold: number;
  /** initialDelaySeconds + periodSeconds × failureThreshold: how long it lets a silent app live. */
  readonly budgetSeconds: number;
}

export function probeOf(container: Fields, kind: ProbeKind): Fields | undefined {
  const probe = container[kind];
  return isRecord(probe) ? probe : undefined;
}

export function timingOf(probe: Fields): ProbeTiming {
  const read = (field: string, fallback: number): number => {
    const value = probe[field];
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
  };
  const initialDelaySeconds = read('initialDelaySeconds', 0);
  const periodSeconds = read('periodSeconds', 10);
  const failureThreshold = read('failureThreshold', 3);
  return {
    initialDelaySeconds,
    periodSeconds,
    failureThreshold,
    budgetSeconds: initialDelaySeconds + periodSeconds * failureThreshold,
  };
}

export function describeTiming(kind: ProbeKind, timing: ProbeTiming): string {
  return `${kind}: ${timing.initialDelaySeconds} s + ${timing.periodSeconds} s × ${timing.failureThreshold} = ${timing.budgetSeconds} s`;
}

/** The containerPort a port reference (a number or a port name) lands on, if the container declares it. */
export function declaredPort(container: Fields, port: unknown): Fields | undefined {
  return asList(container.ports)
    .filter(isRecord)
    .find((p) =>
      typeof port === 'number' ? p.containerPort === port : typeof port === 'string' && p.name === port,
    );
}

/**
 * Why the probe does not tell whether checkout-api itself is up, or undefined when it does. Only the
 * HTTP listener (APP_PORT) waits for the cache: the metrics listener answers at once. The kubelet
 * probes the pod's IP unless `host` says otherwise, so any host (localhost is the node's own) misses
 * the pod; HTTPS against a plain-HTTP listener never completes a handshake; a path the app does not
 * serve answers 404. An exec command counts only when its exit status is an HTTP or TCP client's
 * reaching the app's port on the pod's loopback (see exec-probe.ts).
 */
export function notProbingAppBecause(container: Fields, probe: Fields): string | undefined {
  const handlers = ['httpGet', 'tcpSocket', 'grpc', 'exec'].filter((h) => isRecord(probe[h]));
  if (handlers.length !== 1) {
    return handlers.length === 0
      ? 'it has no handler (httpGet, tcpSocket, grpc or exec)'
      : 'it has more than one handler';
  }
  const [handler = ''] = handlers;
  const action = asRecord(probe[handler]);
  if (handler === 'exec') return execProblem(action.command);
  if (handler === 'grpc') return `it speaks gRPC, and the app serves HTTP on port ${APP_PORT}`;
  if (typeof action.host === 'string' && action.host !== '') {
    return `it sets host ${JSON.stringify(action.host)}, so the kubelet probes that address from the node instead of the pod's IP`;
  }
  const port = action.port;
  const declared = declaredPort(container, port);
  if (!declared) return `its port ${JSON.stringify(port ?? null)} is not a port the container declares`;
  if (declared.containerPort !== APP_PORT) {
    return `its port ${JSON.stringify(port)} is ${String(declared.containerPort)}, which answers before the app has started; the app listens on ${APP_PORT}`;
  }
  if (handler === 'httpGet') return httpProblem(action.scheme, action.path);
  return undefined;
}

function httpProblem(scheme: unknown, path: unknown): string | undefined {
  if (scheme !== undefined && scheme !== 'HTTP') {
    return `it uses scheme ${JSON.stringify(scheme)}, and the app serves plain HTTP on ${APP_PORT}, so the probe never succeeds`;
  }
  const route = typeof path === 'string' ? `/${path.replace(/^\/+/, '').split('?')[0]}` : '/';
  if (!APP_HEALTH_PATHS.includes(route)) {
    return `it requests ${route}, which the app does not serve (it answers ${APP_HEALTH_PATHS.join(' and ')}), so every probe gets a 404`;
  }
  return undefined;
}

function execProblem(command: unknown): string | undefined {
  const target = execTarget(command);
  const shown = `its command cannot be shown to check the app's HTTP listener on port ${APP_PORT}`;
  if (typeof target === 'string') return `${shown}: ${target}`;
  if (!onLoopback(target)) return `${shown}: it connects to ${target.host}, not the pod's own loopback`;
  if (target.port !== APP_PORT) {
    return `its command connects to port ${target.port}, not the app's HTTP listener on ${APP_PORT}`;
  }
  if (target.scheme === 'https') return httpProblem('HTTPS', target.path);
  return target.path === undefined ? undefined : httpProblem('HTTP', target.path);
}
