import { useState } from 'react';
import type { StaffUser } from '../../../server/contract/api.ts';
import { errorMessage, signOut } from '../api.ts';
import { Link, navigate } from '../router.tsx';
import './StaffHeader.css';

/** The staff pages' sections, as the navigation names them. */
export type StaffSection =
  | 'attempts'
  | 'assessments'
  | 'interviews'
  | 'catalogue'
  | 'outbox'
  | 'api-tokens'
  | 'webhooks'
  | 'ats'
  | 'sso';

/** The staff pages' header: organisation, navigation, who is signed in, sign-out. */
export function StaffHeader({ user, current }: { user: StaffUser; current: StaffSection | null }) {
  const [error, setError] = useState<string | null>(null);
  const leave = async () => {
    setError(null);
    try {
      await signOut();
      navigate('/', { replace: true });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <header className="staff-header">
      <span className="brand">Gauntlet</span>
      <span className="staff-org">{user.organisationName}</span>
      <nav className="staff-nav" aria-label="Staff pages">
        <Link href="/staff" aria-current={current === 'attempts' ? 'page' : undefined}>
          Attempts
        </Link>
        <Link href="/staff/assessments" aria-current={current === 'assessments' ? 'page' : undefined}>
          Assessments
        </Link>
        <Link href="/staff/interviews" aria-current={current === 'interviews' ? 'page' : undefined}>
          Interviews
        </Link>
        <Link href="/staff/catalogue" aria-current={current === 'catalogue' ? 'page' : undefined}>
          Catalogue
        </Link>
        {user.role === 'manager' && (
          <Link href="/staff/outbox" aria-current={current === 'outbox' ? 'page' : undefined}>
            Outbox
          </Link>
        )}
        {user.role === 'manager' && (
          <Link href="/staff/api-tokens" aria-current={current === 'api-tokens' ? 'page' : undefined}>
            API tokens
          </Link>
        )}
        {user.role === 'manager' && (
          <Link href="/staff/sso" aria-current={current === 'sso' ? 'page' : undefined}>
            Sign-on
          </Link>
        )}
        {user.role === 'manager' && (
          <Link href="/staff/webhooks" aria-current={current === 'webhooks' ? 'page' : undefined}>
            Webhooks
          </Link>
        )}
        {user.role === 'manager' && (
          <Link href="/staff/ats" aria-current={current === 'ats' ? 'page' : undefined}>
            ATS
          </Link>
        )}
      </nav>
      <span className="staff-user">
        {user.name} <span className="staff-role">{user.role}</span>
      </span>
      {error && (
        <span className="notice notice-error staff-header-error" role="alert">
          Sign-out failed: {error}
        </span>
      )}
      <button type="button" className="button button-small staff-sign-out" onClick={leave}>
        Sign out
      </button>
    </header>
  );
}
