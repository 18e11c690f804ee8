/**
 * An IntOrString field (maxSurge, maxUnavailable, minAvailable) scaled to a replica count: an integer
 * stands for itself, "N%" is a share rounded as the controller rounds it. Any other string is
 * invalid (the API server refuses "1", it wants 1 or "1%"), so the result is undefined.
 */
export function scaled(raw: unknown, replicas: number, round: 'up' | 'down'): number | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  // A regex over the parsed value: the API server's own percentage grammar.
  const match = /^(\d+)%$/.exec(raw);
  if (!match) return undefined;
  const share = (Number(match[1]) * replicas) / 100;
  return round === 'up' ? Math.ceil(share) : Math.floor(share);
}
