import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../api.ts';
import { startSso } from '../ssoApi.ts';

/** "Sign in with SSO": asks for the work email (or the organisation's SSO name), then goes to the provider. */
export function SsoSignIn() {
  const [org, setOrg] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      window.location.assign(await startSso(org));
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  return (
    <form
      className="panel sign-in-form"
      onSubmit={submit}
      noValidate
      aria-describedby={error ? errorId : undefined}
    >
      <div className="field">
        <label htmlFor="sso-org">Work email or organisation</label>
        <input
          id="sso-org"
          className="input"
          autoComplete="email"
          value={org}
          onChange={(event) => setOrg(event.target.value)}
          data-testid="sso-org"
          required
        />
      </div>
      {error && (
        <p id={errorId} className="notice notice-error" role="alert" data-testid="sso-error">
          {error}
        </p>
      )}
      <button type="submit" className="button sign-in-submit" disabled={pending} data-testid="sso-submit">
        {pending ? 'Going to your identity provider…' : 'Sign in with SSO'}
      </button>
    </form>
  );
}
