import { createHash } from 'node:crypto';
import type { Queryable } from '../db/pool.ts';

export type StaffRole = 'manager' | 'interviewer';

export interface SsoSettingsRow {
  organisationId: string;
  slug: string;
  emailDomain: string | null;
  issuerUrl: string;
  clientId: string;
  clientSecretSealed: string;
  groupsClaim: string;
  groupRoles: Record<string, StaffRole>;
  ssoRequired: boolean;
  breakGlassStaffId: string | null;
}

const SETTINGS_COLUMNS = `organisation_id as "organisationId", slug, email_domain as "emailDomain",
  issuer_url as "issuerUrl", client_id as "clientId", client_secret_sealed as "clientSecretSealed",
  groups_claim as "groupsClaim", group_roles as "groupRoles", sso_required as "ssoRequired",
  break_glass_staff_id as "breakGlassStaffId"`;

/** sha256, the stored form of states, browser bindings and SCIM tokens. */
export const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

export async function findSsoSettings(
  db: Queryable,
  organisationId: string,
): Promise<SsoSettingsRow | undefined> {
  const { rows } = await db.query<SsoSettingsRow>(
    `select ${SETTINGS_COLUMNS} from sso_settings where organisation_id = $1`,
    [organisationId],
  );
  return rows[0];
}

/** The organisation a sign-in names by its slug or by an email domain. */
export async function findSsoSettingsByName(
  db: Queryable,
  name: string,
): Promise<SsoSettingsRow | undefined> {
  const { rows } = await db.query<SsoSettingsRow>(
    `select ${SETTINGS_COLUMNS} from sso_settings where slug = $1 or email_domain = $1`,
    [name],
  );
  return rows[0];
}

export async function upsertSsoSettings(db: Queryable, s: SsoSettingsRow): Promise<void> {
  await db.query(
    `insert into sso_settings (organisation_id, slug, email_domain, issuer_url, client_id, client_secret_sealed,
       groups_claim, group_roles, sso_required, break_glass_staff_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     on conflict (organisation_id) do update set slug = $2, email_domain = $3, issuer_url = $4, client_id = $5,
       client_secret_sealed = $6, groups_claim = $7, group_roles = $8, sso_required = $9,
       break_glass_staff_id = $10, updated_at = now()`,
    [
      s.organisationId,
      s.slug,
      s.emailDomain,
      s.issuerUrl,
      s.clientId,
      s.clientSecretSealed,
      s.groupsClaim,
      JSON.stringify(s.groupRoles),
      s.ssoRequired,
      s.breakGlassStaffId,
    ],
  );
}

/** Whether another organisation already answers to this slug or email domain. */
export async function ssoNameTaken(db: Queryable, organisationId: string, names: string[]): Promise<boolean> {
  const { rowCount } = await db.query(
    `select 1 from sso_settings where organisation_id <> $1 and (slug = any($2) or email_domain = any($2))`,
    [organisationId, names],
  );
  return (rowCount ?? 0) > 0;
}

// ---------- pending sign-ins ----------

export interface SsoLoginRow {
  organisationId: string;
  browserHash: Buffer;
  nonce: string;
  codeVerifier: string;
}

export async function insertSsoLogin(
  db: Queryable,
  login: SsoLoginRow & { stateHash: Buffer; expiresAt: Date },
): Promise<void> {
  // Sweeps the pending sign-ins nobody finished, so the table stays small.
  await db.query('delete from sso_logins where expires_at <= now()');
  await db.query(
    `insert into sso_logins (state_hash, organisation_id, browser_hash, nonce, code_verifier, expires_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [
      login.stateHash,
      login.organisationId,
      login.browserHash,
      login.nonce,
      login.codeVerifier,
      login.expiresAt,
    ],
  );
}

/** Takes the pending sign-in a state names, once: a second callback with the same state finds nothing. */
export async function consumeSsoLogin(db: Queryable, stateHash: Buffer): Promise<SsoLoginRow | undefined> {
  const { rows } = await db.query<SsoLoginRow>(
    `delete from sso_logins where state_hash = $1 and expires_at > now()
     returning organisation_id as "organisationId", browser_hash as "browserHash", nonce,
       code_verifier as "codeVerifier"`,
    [stateHash],
  );
  return rows[0];
}

// ---------- staff by identity ----------

export async function findStaffIdBySsoIdentity(
  db: Queryable,
  organisationId: string,
  issuer: string,
  subject: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    'select id from staff_users where organisation_id = $1 and sso_issuer = $2 and sso_subject = $3',
    [organisationId, issuer, subject],
  );
  return rows[0]?.id;
}

/** Who holds an email, in any organisation (the column is unique across them). */
export async function findStaffByEmailAnywhere(
  db: Queryable,
  email: string,
): Promise<{ id: string; organisationId: string; ssoSubject: string | null } | undefined> {
  const { rows } = await db.query<{ id: string; organisationId: string; ssoSubject: string | null }>(
    `select id, organisation_id as "organisationId", sso_subject as "ssoSubject" from staff_users where email = $1`,
    [email],
  );
  return rows[0];
}

export async function insertSsoStaff(
  db: Queryable,
  s: {
    organisationId: string;
    email: string;
    name: string;
    role: StaffRole;
    issuer: string;
    subject: string;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into staff_users (organisation_id, email, name, role, password_hash, sso_issuer, sso_subject)
     values ($1, $2, $3, $4, null, $5, $6) returning id`,
    [s.organisationId, s.email, s.name, s.role, s.issuer, s.subject],
  );
  const row = rows[0];
  if (!row) throw new Error('expected the insert to return the staff member');
  return row.id;
}

/** Links the identity (when not yet linked) and sets the role the provider's groups map to now. */
export async function updateSsoStaff(
  db: Queryable,
  id: string,
  s: { role: StaffRole; issuer: string; subject: string; name: string },
): Promise<void> {
  await db.query(
    `update staff_users set role = $2, sso_issuer = $3, sso_subject = $4, name = $5 where id = $1`,
    [id, s.role, s.issuer, s.subject, s.name],
  );
}

// ---------- deactivation ----------

/**
 * Whether `id` is the organisation's last active manager. Locks the organisation's active managers'
 * rows until the transaction ends, so two concurrent demotions cannot each count on the other.
 */
export async function isLastActiveManager(
  db: Queryable,
  organisationId: string,
  id: string,
): Promise<boolean> {
  const { rows } = await db.query<{ id: string }>(
    `select id from staff_users
     where organisation_id = $1 and role = 'manager' and deactivated_at is null
     order by id for update`,
    [organisationId],
  );
  return rows.length === 1 && rows[0]?.id === id;
}

/**
 * Deactivates a staff member of the organisation and deletes every session of theirs, so the next
 * request with an old cookie is refused. False when no such member is there.
 */
export async function deactivateStaff(db: Queryable, organisationId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update staff_users set deactivated_at = coalesce(deactivated_at, now())
     where id = $1 and organisation_id = $2`,
    [id, organisationId],
  );
  if (!rowCount) return false;
  await db.query('delete from sessions where staff_user_id = $1', [id]);
  return true;
}

export async function reactivateStaff(db: Queryable, organisationId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'update staff_users set deactivated_at = null where id = $1 and organisation_id = $2',
    [id, organisationId],
  );
  return (rowCount ?? 0) > 0;
}

export interface StaffMemberRow {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  ssoSubject: string | null;
  createdAt: Date;
  deactivatedAt: Date | null;
}

/** The organisation's staff, oldest first (SCIM and the managers' page page through it). */
export async function listStaffMembers(db: Queryable, organisationId: string): Promise<StaffMemberRow[]> {
  const { rows } = await db.query<StaffMemberRow>(
    `select id, name, email, role, sso_subject as "ssoSubject", created_at as "createdAt",
       deactivated_at as "deactivatedAt"
     from staff_users where organisation_id = $1 order by created_at, id`,
    [organisationId],
  );
  return rows;
}

export async function findStaffMember(
  db: Queryable,
  organisationId: string,
  id: string,
): Promise<StaffMemberRow | undefined> {
  const { rows } = await db.query<StaffMemberRow>(
    `select id, name, email, role, sso_subject as "ssoSubject", created_at as "createdAt",
       deactivated_at as "deactivatedAt"
     from staff_users where organisation_id = $1 and id = $2`,
    [organisationId, id],
  );
  return rows[0];
}

// ---------- SCIM tokens ----------

export async function replaceScimToken(
  db: Queryable,
  organisationId: string,
  tokenHash: Buffer,
  createdBy: string,
): Promise<void> {
  await db.query(
    `insert into scim_tokens (organisation_id, token_hash, created_by) values ($1, $2, $3)
     on conflict (organisation_id) do update set token_hash = $2, created_by = $3, created_at = now()`,
    [organisationId, tokenHash, createdBy],
  );
}

export async function findScimTokenOrganisation(
  db: Queryable,
  tokenHash: Buffer,
): Promise<string | undefined> {
  const { rows } = await db.query<{ organisationId: string }>(
    'select organisation_id as "organisationId" from scim_tokens where token_hash = $1',
    [tokenHash],
  );
  return rows[0]?.organisationId;
}

export async function scimTokenCreatedAt(db: Queryable, organisationId: string): Promise<Date | undefined> {
  const { rows } = await db.query<{ createdAt: Date }>(
    'select created_at as "createdAt" from scim_tokens where organisation_id = $1',
    [organisationId],
  );
  return rows[0]?.createdAt;
}
