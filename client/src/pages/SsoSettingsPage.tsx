import { type FormEvent, useState } from 'react';
import type { SsoSettings, StaffMember } from '../../../server/contract/sso.ts';
import { errorMessage } from '../api.ts';
import {
  deactivateStaffMember,
  generateScimToken,
  getSsoSettings,
  listStaffMembers,
  saveSsoSettings,
} from '../ssoApi.ts';
import { StaffFrame } from '../staff/StaffFrame.tsx';
import { useStaffLoad } from '../staff/useStaffLoad.ts';

const load = async () => {
  const [settings, staff] = await Promise.all([getSsoSettings(), listStaffMembers()]);
  return { settings, staff };
};

/** "group = role" lines, one mapping a line, as the form shows and reads them. */
const rolesToText = (roles: Record<string, string>) =>
  Object.entries(roles)
    .map(([group, role]) => `${group} = ${role}`)
    .join('\n');
const textToRoles = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.split('=').map((part) => part.trim()))
      .filter((parts): parts is [string, string] => parts.length === 2 && parts[0] !== '' && parts[1] !== ''),
  );

/** A hiring manager's single sign-on, SCIM token and staff (deactivation). Interviewers get 403 from the API. */
export function SsoSettingsPage() {
  const { state, reload, refresh } = useStaffLoad(load);
  return (
    <StaffFrame
      loaded={state}
      onRetry={reload}
      failedTitle="Could not load the sign-on settings"
      current="sso"
    >
      {({ user, data }) => (
        <section className="sso-page" aria-labelledby="sso-title">
          <h1 id="sso-title">Single sign-on</h1>
          <SettingsForm settings={data.settings} staff={data.staff} onSaved={refresh} />
          <ScimToken />
          <StaffList staff={data.staff} myId={user.id} onChanged={refresh} />
        </section>
      )}
    </StaffFrame>
  );
}

function SettingsForm({
  settings,
  staff,
  onSaved,
}: {
  settings: SsoSettings | null;
  staff: StaffMember[];
  onSaved: () => Promise<void>;
}) {
  const [form, setForm] = useState({
    slug: settings?.slug ?? '',
    emailDomain: settings?.emailDomain ?? '',
    issuerUrl: settings?.issuerUrl ?? '',
    clientId: settings?.clientId ?? '',
    clientSecret: '',
    groupsClaim: settings?.groupsClaim ?? 'groups',
    groupRoles: rolesToText(settings?.groupRoles ?? {}),
    ssoRequired: settings?.ssoRequired ?? false,
    breakGlassStaffId: settings?.breakGlassStaffId ?? '',
  });
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [field]: event.target.value });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      await saveSsoSettings({
        slug: form.slug,
        emailDomain: form.emailDomain || null,
        issuerUrl: form.issuerUrl,
        clientId: form.clientId,
        ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
        groupsClaim: form.groupsClaim,
        groupRoles: textToRoles(form.groupRoles) as Record<string, 'manager' | 'interviewer'>,
        ssoRequired: form.ssoRequired,
        breakGlassStaffId: form.breakGlassStaffId || null,
      });
      setForm({ ...form, clientSecret: '' });
      setMessage({ error: false, text: 'Saved.' });
      await onSaved();
    } catch (caught) {
      setMessage({ error: true, text: errorMessage(caught) });
    }
  };

  const field = (id: keyof typeof form, label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`sso-${id}`}>{label}</label>
      <input
        id={`sso-${id}`}
        className="input"
        value={String(form[id])}
        onChange={set(id)}
        placeholder={hint}
      />
    </div>
  );
  return (
    <form className="panel" onSubmit={save} aria-label="OpenID Connect settings">
      {settings && (
        <p>
          Register this redirect URI with your provider: <code>{settings.redirectUri}</code>
        </p>
      )}
      {field('slug', 'Organisation name for SSO (lowercase)')}
      {field('emailDomain', 'Email domain (optional)', 'example.com')}
      {field('issuerUrl', 'Issuer URL', 'https://login.example.com')}
      {field('clientId', 'Client ID')}
      {field('clientSecret', 'Client secret', settings ? 'Stored: leave empty to keep it' : '')}
      {field('groupsClaim', 'Groups claim')}
      <div className="field">
        <label htmlFor="sso-groupRoles">
          Groups and their roles (one "group = manager" or "group = interviewer" a line)
        </label>
        <textarea
          id="sso-groupRoles"
          className="input"
          rows={4}
          value={form.groupRoles}
          onChange={set('groupRoles')}
        />
      </div>
      <label>
        <input
          type="checkbox"
          checked={form.ssoRequired}
          onChange={(event) => setForm({ ...form, ssoRequired: event.target.checked })}
        />{' '}
        Require SSO for everyone but the break-glass manager
      </label>
      <div className="field">
        <label htmlFor="sso-breakGlass">Break-glass manager (may still use a password)</label>
        <select
          id="sso-breakGlass"
          className="input"
          value={form.breakGlassStaffId}
          onChange={set('breakGlassStaffId')}
        >
          <option value="">Nobody</option>
          {staff
            .filter((m) => m.role === 'manager' && !m.deactivatedAt)
            .map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.email})
              </option>
            ))}
        </select>
      </div>
      {message && (
        <p className={`notice ${message.error ? 'notice-error' : 'notice-success'}`} role="status">
          {message.text}
        </p>
      )}
      <button type="submit" className="button button-primary">
        Save
      </button>
    </form>
  );
}

function ScimToken() {
  const [shown, setShown] = useState<{ token: string; baseUrl: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const generate = async () => {
    setError(null);
    try {
      setShown(await generateScimToken());
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <section className="panel" aria-labelledby="scim-title">
      <h2 id="scim-title">SCIM provisioning</h2>
      <p>
        Your identity provider deactivates staff through SCIM 2.0 with this token. A new token replaces the
        last.
      </p>
      {shown && (
        <p role="status">
          Base URL <code>{shown.baseUrl}</code>, token <code data-testid="scim-token">{shown.token}</code>{' '}
          (shown once: copy it now).
        </p>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button" onClick={generate}>
        Generate SCIM token
      </button>
    </section>
  );
}

function StaffList({
  staff,
  myId,
  onChanged,
}: {
  staff: StaffMember[];
  myId: string;
  onChanged: () => Promise<void>;
}) {
  const [error, setError] = useState<string | null>(null);
  const deactivate = async (member: StaffMember) => {
    if (!window.confirm(`Deactivate ${member.name}? Their sessions end at once.`)) return;
    setError(null);
    try {
      await deactivateStaffMember(member.id);
      await onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <section aria-labelledby="staff-title">
      <h2 id="staff-title">Staff</h2>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Sign-in</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{m.email}</td>
              <td>{m.role}</td>
              <td>{m.sso ? 'SSO' : 'password'}</td>
              <td>
                {m.deactivatedAt ? (
                  'deactivated'
                ) : m.id === myId ? (
                  'active (you)'
                ) : (
                  <button type="button" className="button button-small" onClick={() => deactivate(m)}>
                    Deactivate
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
