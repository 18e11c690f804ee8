/**
 * Results posted back to an ATS: when an attempt that a Lever stage change invited is fully
 * graded, a note with its scores goes on the Lever opportunity. The note is stored in the grading's
 * transaction (announce.ts) and posted by a pump here, retried with backoff for 24 hours like a
 * webhook, so Lever being down delays the note but loses none, and never touches the candidate.
 */
import type { Catalogue } from '../challenges/load.ts';
import { readAttemptResult } from '../commands/read-attempt-result.ts';
import type { Config } from '../config.ts';
import { secretsKeyOf } from '../config.ts';
import type { V1AttemptResult } from '../contract/public-api.ts';
import type { Db, Queryable } from '../db/pool.ts';
import type { LogLine } from '../logging.ts';
import { createSecretBox } from '../security/secrets.ts';
import { nextTryAt } from '../webhooks/dispatcher.ts';
import { checkTargetUrl } from '../webhooks/targets.ts';
import { findAtsConnection, secretPurpose } from './connections.ts';
import { leverSecretsSchema, leverSettingsSchema, postLeverNote } from './lever.ts';

/** In the grading's transaction: a note is owed to each Lever connection the attempt came from. */
export async function recordAtsResult(db: Queryable, attemptId: string): Promise<void> {
  await db.query(
    `insert into ats_results (connection_id, attempt_id)
     select l.connection_id, t.id from attempts t
       join ats_links l on l.invitation_id = t.invitation_id
       join ats_connections c on c.id = l.connection_id and c.deleted_at is null
     where t.id = $1 and l.source = 'lever'
     on conflict do nothing`,
    [attemptId],
  );
}

/** The note's text: the per-dimension auto scores, each challenge's score, and where to read more. */
export function leverNote(result: V1AttemptResult, profileUrl: string): string {
  const pct = (n: number | null | undefined) => (n == null ? 'not graded' : `${Math.round(n)} %`);
  const lines = [`Gauntlet: ${result.attempt.assessmentTitle} — graded`];
  for (const c of result.challenges) lines.push(`• ${c.title}: ${pct(c.submission?.score)}`);
  for (const d of result.dimensions.filter((x) => x.assessed)) {
    const auto = result.auto[d.id];
    if (auto?.score != null) lines.push(`${d.title}: ${Math.round(auto.score)}/100`);
  }
  if (result.level.level)
    lines.push(`Level estimate: ${result.level.level}${result.level.provisional ? ' (provisional)' : ''}`);
  lines.push(`Details: ${profileUrl}`);
  return lines.join('\n');
}

interface Due {
  id: string;
  connectionId: string;
  attemptId: string;
  attempts: number;
  giveUpAt: Date;
}

export interface AtsResultPosterOptions {
  config: Pick<Config, 'SECRETS_KEY' | 'SESSION_SECRET' | 'PUBLIC_URL' | 'WEBHOOK_ALLOW_PRIVATE_TARGETS'>;
  db: Db;
  catalogue: Catalogue;
  log?: LogLine;
  now?: () => Date;
  pumpMs?: number;
  retryBaseMs?: number;
}

const LEASE_SECONDS = 60;

/** Posts owed results; returns `pump` (one pass, for tests) and `stop`. */
export function startAtsResultPoster(options: AtsResultPosterOptions) {
  const { db, config, catalogue } = options;
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const box = createSecretBox(secretsKeyOf(config as Config));

  async function takeDue(): Promise<Due[]> {
    // A lease: a row being posted is pushed a minute ahead, so a second pump does not take it.
    const { rows } = await db.query<Due>(
      `update ats_results r set next_attempt_at = $1::timestamptz + make_interval(secs => $2)
       where r.id in (select id from ats_results where status = 'pending' and next_attempt_at <= $1
                      order by next_attempt_at limit 10 for update skip locked)
       returning r.id, r.connection_id as "connectionId", r.attempt_id as "attemptId", r.attempts,
         r.give_up_at as "giveUpAt"`,
      [now(), LEASE_SECONDS],
    );
    return rows;
  }

  async function post(due: Due): Promise<void> {
    const connection = await findAtsConnection(db, due.connectionId);
    if (!connection) {
      await db.query(
        `update ats_results set status = 'failed', last_error = 'the connection was removed' where id = $1`,
        [due.id],
      );
      return;
    }
    try {
      const settings = leverSettingsSchema.parse(connection.settings);
      const secrets = leverSecretsSchema.parse(
        JSON.parse(box.open(connection.secretSealed, secretPurpose(connection.id))),
      );
      const { rows } = await db.query<{ opportunityId: string }>(
        `select l.external_id as "opportunityId" from attempts t join ats_links l on l.invitation_id = t.invitation_id
         where t.id = $1`,
        [due.attemptId],
      );
      const opportunityId = rows[0]?.opportunityId;
      if (!opportunityId) throw new Error('the attempt has no Lever opportunity');
      const result = await readAttemptResult({ db, catalogue }, connection.organisationId, due.attemptId);
      const profile = `${config.PUBLIC_URL?.replace(/\/$/, '') ?? ''}/staff/attempts/${due.attemptId}`;
      await checkTargetUrl(settings.apiUrl, config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
      await postLeverNote(settings, secrets, opportunityId, leverNote(result, profile));
      await db.query(
        `update ats_results set status = 'delivered', delivered_at = now(), attempts = attempts + 1, last_error = null where id = $1`,
        [due.id],
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const tries = due.attempts + 1;
      const next = nextTryAt(now(), tries, due.giveUpAt, options.retryBaseMs ?? 5_000);
      await db.query(
        `update ats_results set attempts = $2, last_error = $3, status = $4, next_attempt_at = coalesce($5, next_attempt_at)
         where id = $1`,
        [due.id, tries, message.slice(0, 500), next ? 'pending' : 'failed', next],
      );
      log('ATS result not posted', { attemptId: due.attemptId, tries, error: message });
    }
  }

  let running: Promise<void> | null = null;
  const pump = async () => {
    if (running) return running;
    running = (async () => {
      for (const due of await takeDue()) await post(due);
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    pump().catch((error: unknown) => log('ATS result pump failed', { error: String(error) }));
  }, options.pumpMs ?? 5_000);
  timer.unref();
  return {
    pump,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
