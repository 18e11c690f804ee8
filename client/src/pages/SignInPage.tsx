import { type FormEvent, useEffect, useId, useState } from 'react';
import { errorMessage, getMe, signIn } from '../api.ts';
import { navigate } from '../router.tsx';
import { SsoSignIn } from '../staff/SsoSignIn.tsx';
import './SignInPage.css';

/** Staff sign-in; someone already signed in goes straight to the staff page. */
export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = useId();

  useEffect(() => {
    let current = true;
    getMe().then(
      () => current && navigate('/staff', { replace: true }),
      () => {
        // Not signed in (or the server is away): the form is what this page is for.
      },
    );
    return () => {
      current = false;
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await signIn({ email, password });
      navigate('/staff');
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  return (
    <main className="centered-page sign-in-page">
      <form
        className="panel sign-in-form"
        onSubmit={submit}
        noValidate
        aria-describedby={error ? errorId : undefined}
      >
        <p className="brand">Gauntlet</p>
        <h1 className="sign-in-title">Staff sign-in</h1>
        <div className="field">
          <label htmlFor="sign-in-email">Email</label>
          <input
            id="sign-in-email"
            className="input"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            data-testid="sign-in-email"
            required
          />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">Password</label>
          <input
            id="sign-in-password"
            className="input"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            data-testid="sign-in-password"
            required
          />
        </div>
        {error && (
          <p id={errorId} className="notice notice-error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button
          type="submit"
          className="button button-primary sign-in-submit"
          disabled={pending}
          data-testid="sign-in-submit"
        >
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="sign-in-hint">Candidates: open the invitation link from your email instead.</p>
      </form>
      <SsoSignIn />
    </main>
  );
}
