import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { Link, navigate } from '../router.tsx';
import { finishSso } from '../ssoApi.ts';

/**
 * Where the identity provider sends a staff member back (/sign-in/sso): hands its answer to the
 * server once, then opens the staff pages, or says in words why the sign-in was refused.
 */
export function SsoCallbackPage() {
  const [error, setError] = useState<string | null>(null);
  const handed = useRef(false);
  useEffect(() => {
    // Once per page: the provider's state works only once (a second effect run would be refused).
    if (handed.current) return;
    handed.current = true;
    const params = window.location.search.slice(1);
    // The code is single-use: drop it from the address bar and history before anything else.
    window.history.replaceState(null, '', window.location.pathname);
    finishSso(params).then(
      () => navigate('/staff', { replace: true }),
      (caught) => setError(errorMessage(caught)),
    );
  }, []);
  return (
    <main className="centered-page">
      {error ? (
        <ErrorPanel title="Single sign-on failed" message={error}>
          <p>
            <Link href="/">Back to sign-in</Link>
          </p>
        </ErrorPanel>
      ) : (
        <p className="page-loading">Signing you in…</p>
      )}
    </main>
  );
}
