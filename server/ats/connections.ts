/**
 * An organisation's ATS connections (Lever, generic inbound): what each invites to, its settings,
 * and its secrets, sealed for `ats:<id>` and never read back by any route.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AtsConnectionKind } from '../contract/ats.ts';
import type { Queryable } from '../db/pool.ts';
import type { SecretBox } from '../security/secrets.ts';

export interface AtsConnectionRow {
  id: string;
  organisationId: string;
  kind: AtsConnectionKind;
  name: string;
  assessmentId: string;
  assessmentTitle: string;
  settings: Record<string, unknown>;
  secretSealed: string;
  createdAt: Date;
}

const COLUMNS = `c.id, c.organisation_id as "organisationId", c.kind, c.name, c.assessment_id as "assessmentId",
  a.title as "assessmentTitle", c.settings, c.secret_sealed as "secretSealed", c.created_at as "createdAt"`;

export const secretPurpose = (connectionId: string) => `ats:${connectionId}`;

/** A Standard Webhooks key for a generic connection: whsec_ and 32 random bytes, base64. */
export const newInboundSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export async function insertAtsConnection(
  db: Queryable,
  box: SecretBox,
  c: {
    organisationId: string;
    kind: AtsConnectionKind;
    name: string;
    assessmentId: string;
    settings: Record<string, unknown>;
    secret: string;
    createdBy: string;
  },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into ats_connections (id, organisation_id, kind, name, assessment_id, settings, secret_sealed, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      c.organisationId,
      c.kind,
      c.name,
      c.assessmentId,
      c.settings,
      box.seal(c.secret, secretPurpose(id)),
      c.createdBy,
    ],
  );
  return id;
}

export async function listAtsConnections(db: Queryable, organisationId: string): Promise<AtsConnectionRow[]> {
  const { rows } = await db.query<AtsConnectionRow>(
    `select ${COLUMNS} from ats_connections c join assessments a on a.id = c.assessment_id
     where c.organisation_id = $1 and c.deleted_at is null order by c.created_at desc`,
    [organisationId],
  );
  return rows;
}

/** A live connection by id alone: inbound webhooks name it in their URL (their secret proves the rest). */
export async function findAtsConnection(db: Queryable, id: string): Promise<AtsConnectionRow | null> {
  const { rows } = await db.query<AtsConnectionRow>(
    `select ${COLUMNS} from ats_connections c join assessments a on a.id = c.assessment_id
     where c.id = $1 and c.deleted_at is null`,
    [id],
  );
  return rows[0] ?? null;
}

/** Deletes an organisation's connection; false when it has none by that id. */
export async function deleteAtsConnection(
  db: Queryable,
  organisationId: string,
  id: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update ats_connections set deleted_at = now()
     where id = $1 and organisation_id = $2 and deleted_at is null`,
    [id, organisationId],
  );
  return (rowCount ?? 0) > 0;
}
