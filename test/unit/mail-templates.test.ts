import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  formatTime,
  invitationLink,
  invitationMail,
  reminderMail,
} from '../../server/mail/templates.ts';

const at = new Date('2026-12-07T13:30:00Z');

describe('mail templates', () => {
  it('escapes every HTML-special character', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('writes times in the candidate zone, UTC when unknown', () => {
    expect(formatTime(at, 'Europe/Berlin')).toContain('14:30 (Europe/Berlin)');
    expect(formatTime(at, null)).toContain('13:30 (UTC)');
  });

  it('links with PUBLIC_URL, else names the path to open on the server', () => {
    expect(invitationLink('tok', 'https://hire.example.com/')).toEqual({
      text: 'https://hire.example.com/invite/tok',
      href: 'https://hire.example.com/invite/tok',
    });
    expect(invitationLink('tok', undefined)).toEqual({ text: 'open /invite/tok on your Gauntlet server' });
  });

  it('puts the organisation, the expiry and the escaped values in both parts', () => {
    const mail = invitationMail({
      organisation: 'Acme <Ops>',
      candidateName: '<script>x</script>',
      title: 'SRE',
      timeLimitMinutes: 90,
      expiresAt: at,
      timeZone: 'America/New_York',
      link: invitationLink('tok', undefined),
      interviewStartsAt: null,
    });
    expect(mail.subject).toBe('Acme <Ops>: your invitation to "SRE"');
    expect(mail.text).toContain('Hello <script>x</script>,');
    expect(mail.text).toContain('08:30 (America/New_York)');
    expect(mail.html).toContain('Acme &lt;Ops&gt;');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('<code>open /invite/tok on your Gauntlet server</code>');
    const reminder = reminderMail({
      organisation: 'Acme',
      candidateName: 'A',
      title: 'SRE',
      expiresAt: at,
      timeZone: null,
    });
    expect(reminder.text).toContain('13:30 (UTC)');
  });
});
