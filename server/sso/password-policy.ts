import type { Queryable } from '../db/pool.ts';
import { HttpError } from '../errors.ts';
import { findSsoSettings } from '../queries/sso.ts';
import type { StaffUserRow } from '../queries/staff.ts';

/**
 * Why a staff member whose password was right may still not sign in with it, or null: a
 * deactivated account, or an organisation that requires SSO (all but its one break-glass manager).
 * Asked only after the password matched, so it tells nothing about an email to someone guessing.
 */
export async function passwordRefusal(db: Queryable, user: StaffUserRow): Promise<HttpError | null> {
  if (user.deactivatedAt) {
    return new HttpError(403, 'deactivated', 'This staff account was deactivated. Ask a hiring manager.');
  }
  const settings = await findSsoSettings(db, user.organisationId);
  if (settings?.ssoRequired && settings.breakGlassStaffId !== user.id) {
    return new HttpError(
      403,
      'sso_required',
      'Your organisation signs in with single sign-on (SSO): use "Sign in with SSO" instead of a password.',
    );
  }
  return null;
}
