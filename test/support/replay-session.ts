/**
 * Random editing sessions for the replay property tests: operations drawn by fast-check are played
 * against a model of the candidate's files, which emits the events Monaco and the page would send.
 * The model computes each edit's result on its own (splicing ranges in ascending order), so the
 * reducer under test is checked against an independent implementation.
 */
import fc from 'fast-check';
import type { ReplayEvent, TextChange } from '../../server/contract/events.ts';

export type SessionOp =
  | { type: 'edit'; file: number; cursors: { pos: number; len: number; text: string }[] }
  | { type: 'create'; name: number; content: string }
  | { type: 'rename'; file: number; name: number }
  | { type: 'delete'; file: number }
  | { type: 'noise'; kind: 'focus' | 'blur' | 'paste' };

const piece = fc.constantFrom('a', 'Z', ' ', '\n', '\t', 'é', '日本', '🚀', '\r\n', '{', '"', '\\', 'var.x');
export const textArb = fc.oneof(
  fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => s.replaceAll('\u0000', '')),
);

const cursorArb = fc.record({ pos: fc.nat(5000), len: fc.oneof(fc.constant(0), fc.nat(12)), text: textArb });

export const sessionOpArb: fc.Arbitrary<SessionOp> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      type: fc.constant('edit' as const),
      file: fc.nat(),
      cursors: fc.array(cursorArb, { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('create' as const), name: fc.nat(30), content: textArb }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('rename' as const), file: fc.nat(), name: fc.nat(30) }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('delete' as const), file: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('noise' as const),
      kind: fc.constantFrom('focus' as const, 'blur' as const, 'paste' as const),
    }),
  },
);

const pathOf = (name: number) => (name % 3 === 0 ? `f${name}.tf` : `modules/m${name % 4}/f${name}.tf`);

/** Moves a position off the middle of a surrogate pair, as Monaco's cursors never stand there. */
function snap(content: string, pos: number): number {
  const p = Math.min(pos, content.length);
  const code = content.charCodeAt(p - 1);
  return p > 0 && p < content.length && code >= 0xd800 && code <= 0xdbff ? p - 1 : p;
}

/** One multi-cursor edit: non-overlapping ranges, emitted from the end backwards as Monaco does. */
function edit(
  content: string,
  cursors: SessionOp & { type: 'edit' },
): { changes: TextChange[]; next: string } {
  const ranges: TextChange[] = [];
  const starts = [...new Set(cursors.cursors.map((c) => snap(content, c.pos % (content.length + 1))))].sort(
    (a, b) => a - b,
  );
  for (const [i, offset] of starts.entries()) {
    const cursor = cursors.cursors[i % cursors.cursors.length]!;
    const limit = starts[i + 1] ?? content.length;
    const end = snap(content, Math.min(offset + cursor.len, limit));
    ranges.push({ offset, length: end - offset, text: cursor.text });
  }
  let next = '';
  let at = 0;
  for (const r of ranges) {
    next += content.slice(at, r.offset) + r.text;
    at = r.offset + r.length;
  }
  next += content.slice(at);
  return { changes: ranges.reverse(), next };
}

/** Plays `ops` over `starter`: the events the page would log and the files the candidate ends with. */
export function playSession(
  starter: ReadonlyArray<{ path: string; content: string }>,
  ops: readonly SessionOp[],
): { events: ReplayEvent[]; files: Map<string, string> } {
  const files = new Map(starter.map((f) => [f.path, f.content]));
  const events: ReplayEvent[] = [];
  const pick = (n: number) => [...files.keys()].sort()[n % Math.max(files.size, 1)];
  for (const op of ops) {
    if (op.type === 'edit') {
      const path = pick(op.file);
      if (path === undefined) continue;
      const { changes, next } = edit(files.get(path)!, op);
      if (changes.every((c) => c.length === 0 && c.text === '')) continue;
      events.push({ kind: 'edit', payload: { path, changes } });
      files.set(path, next);
    } else if (op.type === 'create') {
      const path = pathOf(op.name);
      if (files.has(path)) continue;
      events.push({ kind: 'file_create', payload: { path, content: op.content } });
      files.set(path, op.content);
    } else if (op.type === 'rename') {
      const from = pick(op.file);
      const to = pathOf(op.name);
      if (from === undefined || files.has(to)) continue;
      events.push({ kind: 'file_rename', payload: { from, to } });
      files.set(to, files.get(from)!);
      files.delete(from);
    } else if (op.type === 'delete') {
      const path = pick(op.file);
      if (path === undefined) continue;
      events.push({ kind: 'file_delete', payload: { path } });
      files.delete(path);
    } else if (op.kind === 'paste') {
      const path = pick(0);
      if (path !== undefined) events.push({ kind: 'paste', payload: { path, size: 3 } });
    } else {
      events.push({ kind: op.kind, payload: {} });
    }
  }
  return { events, files };
}
