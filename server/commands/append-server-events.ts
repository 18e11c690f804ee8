import type { z } from 'zod';
import { EVENT_LIMITS, payloadSchemas } from '../contract/events.ts';
import { type Db, transaction } from '../db/pool.ts';
import { notFound } from '../errors.ts';
import { appendEventRows, lockLogHead, type NewEvent } from '../queries/events.ts';

export interface ServerEventsInput {
  organisationId: string;
  attemptId: string;
  challengeSlug: string;
  events: ReadonlyArray<ServerEvent>;
}

/** What the server records itself; `authorId` names the staff member who typed or acted. */
export type ServerEvent =
  | { kind: 'terminal'; payload: { stream: 'input' | 'output'; data: string }; authorId?: string | null }
  | { kind: 'keyboard'; payload: z.infer<typeof payloadSchemas.keyboard>; authorId?: string | null }
  | { kind: 'complication'; payload: z.infer<typeof payloadSchemas.complication>; authorId?: string | null }
  | { kind: 'edit'; payload: z.infer<typeof payloadSchemas.edit>; authorId?: string | null }
  | { kind: 'file_create'; payload: z.infer<typeof payloadSchemas.file_create>; authorId?: string | null }
  | { kind: 'file_delete'; payload: z.infer<typeof payloadSchemas.file_delete>; authorId?: string | null };

/**
 * Appends events the server observed itself (a live environment's terminal input and output, as
 * UTF-8 text; a live interview's shared edits, hand-overs and complications) to the attempt's replay log, in the given order, stamped with the server's clock.
 * A chunk longer than the log's limit is split, never cut; NUL characters are dropped. The attempt must belong to the
 * organisation; these events are accepted even after submission, since they are the server's record.
 */
export async function appendServerEvents(db: Db, input: ServerEventsInput): Promise<void> {
  const authored = { challengeSlug: input.challengeSlug, agoMs: 0 };
  const rows = input.events.flatMap((event): NewEvent[] => {
    const authorId = event.authorId ?? null;
    if (event.kind !== 'terminal') {
      // A shared document's change the log cannot hold (a path no workspace allows) is not recorded;
      // the files keep it, and saving them refuses it by the same rule.
      const payload = payloadSchemas[event.kind].safeParse(event.payload);
      return payload.success ? [{ ...authored, authorId, kind: event.kind, payload: payload.data }] : [];
    }
    return splitChunk(storableText(event.payload.data)).map((data) => {
      const payload = payloadSchemas.terminal.parse({ stream: event.payload.stream, data });
      return { ...authored, authorId, kind: 'terminal' as const, payload };
    });
  });
  if (rows.length === 0) return;
  await transaction(db, async (client) => {
    const owned = await client.query('select 1 from attempts where id = $1 and organisation_id = $2', [
      input.attemptId,
      input.organisationId,
    ]);
    if (!owned.rowCount) throw notFound(`Attempt ${input.attemptId} of organisation ${input.organisationId}`);
    const head = await lockLogHead(client, input.attemptId);
    if (!head) throw notFound(`Attempt ${input.attemptId}`);
    await appendEventRows(
      client,
      head,
      { attemptId: input.attemptId, organisationId: input.organisationId, batchId: null },
      rows,
    );
  });
}

/**
 * PostgreSQL stores neither NUL nor half a surrogate pair: NULs are dropped (a terminal shows
 * nothing for them) and a stray surrogate becomes U+FFFD, as a UTF-8 decoder would make it.
 */
function storableText(data: string): string {
  return data.toWellFormed().replaceAll('\u0000', '');
}

const CHUNK = EVENT_LIMITS.maxTerminalChunk;

/** Splits text into pieces of at most CHUNK UTF-16 units without separating a surrogate pair. */
function splitChunk(data: string): string[] {
  if (data.length <= CHUNK) return data.length > 0 ? [data] : [];
  const pieces: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + CHUNK, data.length);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(data.slice(start, end));
    start = end;
  }
  return pieces;
}
