import { readFileSync } from 'node:fs';

/**
 * CPU-seconds used by this process's finished children since the last call, from /proc/self/stat's
 * cutime + cstime (clock ticks of 1/100 s): a child's whole cost, start-up included.
 */
export function childCpuMeter(): () => number {
  const ticks = () => {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[13]) + Number(fields[14]);
  };
  let last = ticks();
  return () => {
    const now = ticks();
    const delta = now - last;
    last = now;
    return delta / 100;
  };
}
