import { parse } from 'csv-parse/sync';
import { csvCandidateSchema } from '../contract/staff.ts';
import { describeZodError, invalid } from '../errors.ts';
import type { CandidateToInvite } from './invite-candidates.ts';

const MAX_ROWS = 500;

/**
 * Reads candidates from CSV text with the columns name and email. A header line naming them is
 * optional (and then may list them in any order). Every bad line is refused, naming its number.
 */
export function parseCandidateCsv(text: string): CandidateToInvite[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      // csv-parse's types do not model `info: true`, which wraps each record with its line number
    }) as unknown as typeof records;
  } catch (error) {
    throw invalid(`csv: ${error instanceof Error ? error.message : String(error)}`);
  }
  const first = records[0]?.record.map((cell) => cell.toLowerCase());
  const hasHeader = first?.includes('email') ?? false;
  const nameAt = hasHeader ? (first?.indexOf('name') ?? -1) : 0;
  const emailAt = hasHeader ? (first?.indexOf('email') ?? -1) : 1;
  if (nameAt < 0) throw invalid('csv: the header names an email column but no name column');
  const rows = records.slice(hasHeader ? 1 : 0);
  if (rows.length === 0) throw invalid('csv: lists no candidate');
  if (rows.length > MAX_ROWS) throw invalid(`csv: at most ${MAX_ROWS} candidates at once`);
  return rows.map(({ record: row, info }) => {
    const line = info.lines;
    const parsed = csvCandidateSchema.safeParse({
      candidateName: row[nameAt] ?? '',
      candidateEmail: row[emailAt] ?? '',
    });
    if (!parsed.success) throw invalid(`csv line ${line}: ${describeZodError(parsed.error)}`);
    return { ...parsed.data, source: `csv line ${line}` };
  });
}
