import { APP_PORT } from './incident.ts';
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
 * HTTP listener (APP_PORT) waits for the cache: the metrics listener answers at once, and an exec
 * command is not something the grader can run, so neither is trusted. An HTTP or TCP probe must name
 * a declared port (a number, or a port name) that resolves to the app's.
 */
export function notProbingAppBecause(container: Fields, probe: Fields): string | undefined {
  const handlers = ['httpGet', 'tcpSocket', 'grpc', 'exec'].filter((h) => isRecord(probe[h]));
  if (handlers.length !== 1) {
    return handlers.length === 0
      ? 'it has no handler (httpGet, tcpSocket, grpc or exec)'
      : 'it has more than one handler';
  }
  const [handler = ''] = handlers;
  if (handler === 'exec')
    return `it runs a command, which cannot show that the app answers on port ${APP_PORT}`;
  if (handler === 'grpc') return `it speaks gRPC, and the app serves HTTP on port ${APP_PORT}`;
  const port = asRecord(probe[handler]).port;
  const declared = declaredPort(container, port);
  if (!declared) return `its port ${JSON.stringify(port ?? null)} is not a port the container declares`;
  if (declared.containerPort !== APP_PORT) {
    return `its port ${JSON.stringify(port)} is ${String(declared.containerPort)}, which answers before the app has started; the app listens on ${APP_PORT}`;
  }
  return undefined;
}
