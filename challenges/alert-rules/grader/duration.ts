/**
 * Reads a Prometheus duration (`5m`, `1h30m`, `90s`) as promtool does; undefined when it is not one.
 * This runs on a value the YAML parser already extracted, never on the file's text.
 */
const UNITS: readonly [string, number][] = [
  ['y', 365 * 24 * 3600],
  ['w', 7 * 24 * 3600],
  ['d', 24 * 3600],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
  ['ms', 0.001],
];

const PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const match = PATTERN.exec(text);
  if (!match || text === '') return undefined;
  return UNITS.reduce((sum, [, seconds], i) => sum + Number(match[i + 1] ?? 0) * seconds, 0);
}

/** `300` → `5m`, `90` → `1m30s`: how a message shows a duration back to the candidate. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of UNITS.slice(3, 6)) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join('') || `${seconds}s`;
}
