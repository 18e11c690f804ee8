import type { Comparison, ComparisonCandidate, InvitationStatus } from '../../../server/contract/staff.ts';
import { LEVEL_IDS } from '../../../server/contract/staff.ts';

/** What a column sorts by: the candidate, the level, the reviews, or a dimension's auto or manual score. */
export type SortKey = 'candidate' | 'status' | 'level' | 'reviews' | `auto:${string}` | `manual:${string}`;
export interface Sort {
  key: SortKey;
  descending: boolean;
}
export interface Filter {
  text: string;
  status: InvitationStatus | 'all';
  minLevel: (typeof LEVEL_IDS)[number] | 'any';
}

function sortValue(c: ComparisonCandidate, key: SortKey): string | number | null {
  if (key === 'candidate') return c.candidateName.toLowerCase();
  if (key === 'status') return c.status;
  if (key === 'level') return c.level.points;
  if (key === 'reviews') return c.reviewCount;
  const [kind, dimension] = key.split(':') as ['auto' | 'manual', keyof ComparisonCandidate['auto']];
  return kind === 'auto' ? (c.auto[dimension]?.score ?? null) : (c.manual[dimension]?.mean ?? null);
}

/** The candidates that pass the filter, sorted; missing values always sort last. */
export function visibleRows(comparison: Comparison, sort: Sort, filter: Filter): ComparisonCandidate[] {
  const text = filter.text.trim().toLowerCase();
  const minIndex = filter.minLevel === 'any' ? -1 : LEVEL_IDS.indexOf(filter.minLevel);
  const rows = comparison.candidates.filter(
    (c) =>
      (text === '' ||
        c.candidateName.toLowerCase().includes(text) ||
        c.candidateEmail.toLowerCase().includes(text)) &&
      (filter.status === 'all' || c.status === filter.status) &&
      (minIndex < 0 || (c.level.level !== null && LEVEL_IDS.indexOf(c.level.level) >= minIndex)),
  );
  return rows.sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = x < y ? -1 : x > y ? 1 : 0;
    return sort.descending ? -order : order;
  });
}
