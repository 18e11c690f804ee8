import type { AutoScore, ManualScore } from '../../../server/contract/staff.ts';

/** An auto score 0-100 on the rubric's 1-4 scale, the way the server's level estimate reads it. */
export const autoOnScale = (auto: AutoScore | undefined): number | null =>
  auto?.score === null || auto?.score === undefined ? null : 1 + (3 * auto.score) / 100;

export const manualOnScale = (manual: ManualScore | undefined): number | null => manual?.mean ?? null;

/** Distinct colours for up to eight overlaid candidates. */
export const SERIES_COLOURS = [
  '#2457d6',
  '#c2410c',
  '#137a3f',
  '#7c3aed',
  '#b42318',
  '#0e7490',
  '#a16207',
  '#be185d',
] as const;

export const seriesColour = (index: number): string =>
  SERIES_COLOURS[index % SERIES_COLOURS.length] ?? '#2457d6';
