import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendServerEvents } from '../../server/commands/append-server-events.ts';
import { listEvents } from '../../server/queries/events.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';

let database: TestDatabase;
let org: TestOrganisation;
const SLUG = 'terraform-refactor';

beforeAll(async () => {
  database = await createTestDatabase();
  org = await createOrganisation(database.db);
});
afterAll(async () => {
  await database?.drop();
});

const terminal = (stream: 'input' | 'output', data: string) => ({
  kind: 'terminal' as const,
  payload: { stream, data },
});

describe('events the server records itself', () => {
  it('appends terminal input and output in order with gapless sequence numbers', async () => {
    const { attemptId } = await createInvitation(database.db, org);
    const input = { organisationId: org.organisationId, attemptId, challengeSlug: SLUG };
    await appendServerEvents(database.db, {
      ...input,
      events: [terminal('input', 'ls\r'), terminal('output', 'main.tf\r\n')],
    });
    await appendServerEvents(database.db, { ...input, events: [terminal('output', 'é ✓ 🚀\r\n')] });
    const events = await listEvents(database.db, attemptId);
    expect(events.map((e) => [e.seq, e.kind, e.payload])).toEqual([
      [1, 'terminal', { stream: 'input', data: 'ls\r' }],
      [2, 'terminal', { stream: 'output', data: 'main.tf\r\n' }],
      [3, 'terminal', { stream: 'output', data: 'é ✓ 🚀\r\n' }],
    ]);
    expect(events.every((e) => e.challengeSlug === SLUG)).toBe(true);
    expect(events[2]!.at.getTime()).toBeGreaterThanOrEqual(events[0]!.at.getTime());
  });

  it('keeps concurrent appends to one attempt gapless and unique', async () => {
    const { attemptId } = await createInvitation(database.db, org);
    const input = { organisationId: org.organisationId, attemptId, challengeSlug: SLUG };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendServerEvents(database.db, {
          ...input,
          events: [terminal('output', `a${i}`), terminal('output', `b${i}`)],
        }),
      ),
    );
    const events = await listEvents(database.db, attemptId);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // each call's two chunks stay next to each other
    for (let i = 0; i < 40; i += 2) {
      const a = (events[i]!.payload as { data: string }).data;
      expect((events[i + 1]!.payload as { data: string }).data).toBe(`b${a.slice(1)}`);
    }
  });

  it('splits a chunk longer than 64 KiB without losing a character', async () => {
    const { attemptId } = await createInvitation(database.db, org);
    const data = `${'x'.repeat(65_535)}🚀${'y'.repeat(70_000)}`;
    await appendServerEvents(database.db, {
      organisationId: org.organisationId,
      attemptId,
      challengeSlug: SLUG,
      events: [terminal('output', data)],
    });
    const events = await listEvents(database.db, attemptId);
    expect(events.length).toBe(3);
    expect(events.map((e) => (e.payload as { data: string }).data).join('')).toBe(data);
  });

  it("refuses another organisation's attempt", async () => {
    const { attemptId } = await createInvitation(database.db, org);
    const other = await createOrganisation(database.db);
    await expect(
      appendServerEvents(database.db, {
        organisationId: other.organisationId,
        attemptId,
        challengeSlug: SLUG,
        events: [terminal('output', 'x')],
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await listEvents(database.db, attemptId)).toEqual([]);
  });
});
