import { type FormEvent, useState } from 'react';
import { API_SCOPES, type ApiScope, type CreatedApiToken } from '../../../server/contract/api-tokens.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../apiTokensApi.ts';
import { formatDateTime } from '../format.ts';
import { ShownOnce } from '../staff/ShownOnce.tsx';
import { StaffFrame } from '../staff/StaffFrame.tsx';
import { useStaffAction } from '../staff/useStaffAction.ts';
import { useStaffLoad } from '../staff/useStaffLoad.ts';
import './ApiTokensPage.css';

const SCOPE_LABELS: Record<ApiScope, string> = {
  'read:results': 'read:results — list attempts and read results',
  'write:invitations': 'write:invitations — invite candidates',
  admin: 'admin — everything above',
};

/** A hiring manager's API tokens for the REST API: create (the secret is shown once), list, revoke. */
export function ApiTokensPage() {
  const { state, reload, refresh } = useStaffLoad(listApiTokens);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>(['read:results']);
  const [days, setDays] = useState('');
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const { act, busy, error } = useStaffAction(refresh);
  const create = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const expiresInDays = days.trim() === '' ? undefined : Number(days);
      setCreated(await createApiToken({ name, scopes, ...(expiresInDays ? { expiresInDays } : {}) }));
      setName('');
    });
  };
  const toggle = (scope: ApiScope, on: boolean) =>
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  return (
    <StaffFrame
      loaded={state}
      onRetry={reload}
      failedTitle="Could not load the API tokens"
      current="api-tokens"
    >
      {({ data }) => (
        <section className="api-tokens-page" aria-labelledby="api-tokens-title">
          <h1 id="api-tokens-title">API tokens</h1>
          <p>
            Scripts and applicant tracking systems call the REST API with a token:{' '}
            <code>Authorization: Bearer gnt_…</code>. The <a href="/api/docs">API reference</a> lists what
            each scope allows.
          </p>
          <form className="panel api-token-form" onSubmit={create}>
            <h2>Create a token</h2>
            <div className="field">
              <label htmlFor="api-token-name">What it is for</label>
              <input
                id="api-token-name"
                className="input"
                required
                maxLength={100}
                value={name}
                placeholder="ATS sync"
                onChange={(e) => setName(e.target.value)}
              />
            </div>
            <fieldset>
              <legend>Scopes</legend>
              {API_SCOPES.map((scope) => (
                <label key={scope}>
                  <input
                    type="checkbox"
                    checked={scopes.includes(scope)}
                    onChange={(e) => toggle(scope, e.target.checked)}
                  />{' '}
                  {SCOPE_LABELS[scope]}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="api-token-days">Expires after (days; empty: until revoked)</label>
              <input
                id="api-token-days"
                className="input"
                type="number"
                min={1}
                max={730}
                value={days}
                onChange={(e) => setDays(e.target.value)}
              />
            </div>
            <button type="submit" className="button button-primary" disabled={busy || scopes.length === 0}>
              Create token
            </button>
          </form>
          {created && (
            <ShownOnce secret={created.secret} testId="api-token-secret">
              <strong>Copy the token “{created.token.name}” now:</strong> it is shown only this once (Gauntlet
              keeps only its hash).
            </ShownOnce>
          )}
          {error && (
            <p className="notice notice-error" role="alert">
              {error}
            </p>
          )}
          {data.length === 0 ? (
            <p>No tokens yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Token</th>
                  <th>Scopes</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th>Expires</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.map((t) => (
                  <tr key={t.id} className={t.status === 'active' ? undefined : 'api-token-inactive'}>
                    <td>{t.name}</td>
                    <td>
                      <code>{t.prefix}…</code>
                    </td>
                    <td>{t.scopes.join(', ')}</td>
                    <td>
                      {formatDateTime(t.createdAt)}
                      {t.createdBy ? ` by ${t.createdBy}` : ''}
                    </td>
                    <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</td>
                    <td>{t.expiresAt ? formatDateTime(t.expiresAt) : 'never'}</td>
                    <td>{t.status}</td>
                    <td>
                      {t.status === 'active' && (
                        <button
                          type="button"
                          className="button button-small"
                          disabled={busy}
                          onClick={() => {
                            if (!window.confirm(`Revoke “${t.name}”? Every call with it is refused at once.`))
                              return;
                            void act(async () => {
                              await revokeApiToken(t.id);
                            });
                          }}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </StaffFrame>
  );
}
