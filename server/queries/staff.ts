import { one, type Queryable } from '../db/pool.ts';

export interface StaffUserRow {
  id: string;
  organisationId: string;
  organisationName: string;
  email: string;
  name: string;
  role: 'manager' | 'interviewer';
  /** Null for staff created by their first SSO sign-in: they have no password. */
  passwordHash: string | null;
  /** Set when a manager or the identity provider (SCIM) deactivated them: no session, no sign-in. */
  deactivatedAt: Date | null;
}

const STAFF_COLUMNS = `u.id, u.organisation_id as "organisationId", o.name as "organisationName", u.email, u.name,
  u.role, u.password_hash as "passwordHash", u.deactivated_at as "deactivatedAt"`;

export async function findStaffByEmail(db: Queryable, email: string): Promise<StaffUserRow | undefined> {
  const { rows } = await db.query<StaffUserRow>(
    `select ${STAFF_COLUMNS} from staff_users u join organisations o on o.id = u.organisation_id where u.email = $1`,
    [email],
  );
  return rows[0];
}

export async function findStaffById(db: Queryable, id: string): Promise<StaffUserRow | undefined> {
  const { rows } = await db.query<StaffUserRow>(
    `select ${STAFF_COLUMNS} from staff_users u join organisations o on o.id = u.organisation_id where u.id = $1`,
    [id],
  );
  return rows[0];
}

export async function insertOrganisation(db: Queryable, name: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'insert into organisations (name) values ($1) returning id',
    [name],
  );
  return one(rows).id;
}

export async function insertStaffUser(
  db: Queryable,
  user: {
    organisationId: string;
    email: string;
    name: string;
    role: 'manager' | 'interviewer';
    passwordHash: string;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into staff_users (organisation_id, email, name, role, password_hash)
     values ($1, $2, $3, $4, $5) returning id`,
    [user.organisationId, user.email, user.name, user.role, user.passwordHash],
  );
  return one(rows).id;
}
