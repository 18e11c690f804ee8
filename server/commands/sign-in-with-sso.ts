import { type Db, transaction } from '../db/pool.ts';
import { conflict, HttpError } from '../errors.ts';
import {
  findStaffByEmailAnywhere,
  findStaffIdBySsoIdentity,
  insertSsoStaff,
  isLastActiveManager,
  type SsoSettingsRow,
  type StaffRole,
  updateSsoStaff,
} from '../queries/sso.ts';
import { findStaffById, type StaffUserRow } from '../queries/staff.ts';

/**
 * The role the provider's groups claim maps to: manager when any group maps to manager, else
 * interviewer when any maps to interviewer, else null (refused: never a silent interviewer). The
 * claim may be a list of group names or one name.
 */
export function roleFromGroups(claim: unknown, groupRoles: Record<string, StaffRole>): StaffRole | null {
  const groups = Array.isArray(claim) ? claim : typeof claim === 'string' ? [claim] : [];
  const roles = groups
    .filter((g): g is string => typeof g === 'string' && Object.hasOwn(groupRoles, g))
    .map((g) => groupRoles[g]);
  if (roles.includes('manager')) return 'manager';
  if (roles.includes('interviewer')) return 'interviewer';
  return null;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() && value.isWellFormed() && !value.includes('\u0000')
    ? value.trim()
    : undefined;

/**
 * The staff member a verified id_token names, found by (organisation, issuer, subject) or created on
 * their first sign-in; their role is set from the groups claim on every sign-in (but the last manager
 * stays one; `claimedRole` is what the claim asked for). Email links an
 * account only inside the same organisation, only when the provider says the email is verified, and
 * only to an account no other identity holds: an email never links across organisations.
 */
export async function signInWithSso(
  db: Db,
  settings: SsoSettingsRow,
  claims: Record<string, unknown> & { iss: string; sub: string },
): Promise<{ user: StaffUserRow; claimedRole: StaffRole }> {
  const role = roleFromGroups(claims[settings.groupsClaim], settings.groupRoles);
  if (!role) {
    throw new HttpError(
      403,
      'sso_no_role',
      `Your identity provider lists you in no group that Gauntlet gives a role to (claim "${settings.groupsClaim}"). Ask a hiring manager to map your group.`,
    );
  }
  const email = text(claims.email)?.toLowerCase().slice(0, 200);
  const name = (text(claims.name) ?? email ?? 'Staff member').slice(0, 200);
  const { staffId: id, claimedRole } = await transaction(db, async (client) => {
    let staffId = await findStaffIdBySsoIdentity(client, settings.organisationId, claims.iss, claims.sub);
    if (!staffId) {
      if (!email) throw new HttpError(403, 'sso_no_email', 'Your identity provider sent no email address.');
      const holder = await findStaffByEmailAnywhere(client, email);
      if (holder && holder.organisationId !== settings.organisationId) {
        throw conflict(
          'This email belongs to a staff account of another organisation, so it cannot sign in here.',
          'sso_email_taken',
        );
      }
      if (holder && (holder.ssoSubject !== null || claims.email_verified !== true)) {
        throw conflict(
          'A staff account with this email exists and cannot be linked to this identity (the provider did not say the email is verified, or another identity holds it).',
          'sso_email_taken',
        );
      }
      staffId =
        holder?.id ??
        (await insertSsoStaff(client, {
          organisationId: settings.organisationId,
          email,
          name,
          role,
          issuer: claims.iss,
          subject: claims.sub,
        }));
    }
    // A groups claim never demotes the organisation's last manager: nobody could then reach the
    // sign-on settings to mend the mapping. The sign-in audit shows the role the claim asked for.
    const kept = role !== 'manager' && (await isLastActiveManager(client, settings.organisationId, staffId));
    await updateSsoStaff(client, staffId, {
      role: kept ? 'manager' : role,
      issuer: claims.iss,
      subject: claims.sub,
      name,
    });
    return { staffId, claimedRole: role };
  });
  const user = await findStaffById(db, id);
  if (!user) throw new Error(`the staff member ${id} is gone`);
  if (user.deactivatedAt) {
    throw new HttpError(403, 'deactivated', 'This staff account was deactivated. Ask a hiring manager.');
  }
  return { user, claimedRole };
}
