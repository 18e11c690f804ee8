import { one, type Queryable } from '../db/pool.ts';

export interface ReplayNoteRow {
  id: string;
  challengeSlug: string;
  seq: number;
  body: string;
  authorName: string | null;
  createdAt: Date;
}

const COLUMNS = `n.id, n.challenge_slug as "challengeSlug", n.seq::float8 as seq, n.body,
  u.name as "authorName", n.created_at as "createdAt"`;

export async function listReplayNotes(db: Queryable, attemptId: string): Promise<ReplayNoteRow[]> {
  const { rows } = await db.query<ReplayNoteRow>(
    `select ${COLUMNS} from replay_notes n left join staff_users u on u.id = n.author_id
     where n.attempt_id = $1 order by n.seq, n.created_at`,
    [attemptId],
  );
  return rows;
}

export async function insertReplayNote(
  db: Queryable,
  note: {
    organisationId: string;
    attemptId: string;
    authorId: string;
    challengeSlug: string;
    seq: number;
    body: string;
  },
): Promise<ReplayNoteRow> {
  const { rows } = await db.query<ReplayNoteRow>(
    `with n as (
       insert into replay_notes (organisation_id, attempt_id, author_id, challenge_slug, seq, body)
       values ($1, $2, $3, $4, $5, $6) returning *
     )
     select ${COLUMNS} from n left join staff_users u on u.id = n.author_id`,
    [note.organisationId, note.attemptId, note.authorId, note.challengeSlug, note.seq, note.body],
  );
  return one(rows);
}
