/**
 * The messages Gauntlet sends, as plain text and HTML. Pure functions of their values: every value
 * is escaped in the HTML part, times are written in the recipient's time zone (UTC when unknown).
 */

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** "Monday, 7 December 2026 at 14:30 (Europe/Berlin)"; UTC when the zone is null. */
export function formatTime(at: Date, timeZone: string | null): string {
  const zone = timeZone ?? 'UTC';
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(at);
  return `${text} (${zone})`;
}

/** A page of this server: a full link with PUBLIC_URL, else the path to open. */
export function serverLink(path: string, publicUrl: string | undefined): { text: string; href?: string } {
  if (!publicUrl) return { text: `open ${path} on your Gauntlet server` };
  const href = `${publicUrl.replace(/\/+$/, '')}${path}`;
  return { text: href, href };
}

/** Where the candidate opens the invitation. */
export const invitationLink = (token: string, publicUrl: string | undefined) =>
  serverLink(`/invite/${token}`, publicUrl);

/** One message: a subject, paragraphs of plain text, and the same paragraphs as HTML. */
function message(
  subject: string,
  organisation: string,
  paragraphs: (string | { link: string; href?: string })[],
) {
  const text = paragraphs.map((p) => (typeof p === 'string' ? p : p.link)).join('\n\n');
  const html = paragraphs
    .map((p) => {
      if (typeof p === 'string') return `<p>${escapeHtml(p)}</p>`;
      if (!p.href) return `<p><code>${escapeHtml(p.link)}</code></p>`;
      return `<p><a href="${escapeHtml(p.href)}">${escapeHtml(p.link)}</a></p>`;
    })
    .join('\n');
  return {
    subject,
    text: `${text}\n\n-- \n${organisation} (sent by Gauntlet)\n`,
    html: `<!doctype html>\n<html><body>\n${html}\n<p style="color:#666">${escapeHtml(organisation)} (sent by Gauntlet)</p>\n</body></html>\n`,
  } satisfies RenderedMail;
}

export interface InvitationMail {
  organisation: string;
  candidateName: string;
  title: string;
  timeLimitMinutes: number;
  expiresAt: Date;
  timeZone: string | null;
  link: { text: string; href?: string };
  /** A scheduled live interview: when it starts. */
  interviewStartsAt: Date | null;
}

export function invitationMail(m: InvitationMail): RenderedMail {
  const intro = m.interviewStartsAt
    ? `${m.organisation} has scheduled a live technical interview with you, "${m.title}", on ${formatTime(m.interviewStartsAt, m.timeZone)}. It lasts ${m.timeLimitMinutes} minutes.`
    : `${m.organisation} invites you to a hands-on assessment, "${m.title}". Once you start, you have ${m.timeLimitMinutes} minutes.`;
  return message(`${m.organisation}: your invitation to "${m.title}"`, m.organisation, [
    `Hello ${m.candidateName},`,
    intro,
    m.link.href ? 'Your personal link (do not share it):' : 'Your personal invitation (do not share it):',
    { link: m.link.text, ...(m.link.href ? { href: m.link.href } : {}) },
    `The invitation expires on ${formatTime(m.expiresAt, m.timeZone)}.`,
  ]);
}

export interface ReminderMail {
  organisation: string;
  candidateName: string;
  title: string;
  expiresAt: Date;
  timeZone: string | null;
}

export function reminderMail(m: ReminderMail): RenderedMail {
  return message(`Reminder: your invitation to "${m.title}" expires soon`, m.organisation, [
    `Hello ${m.candidateName},`,
    `Your invitation from ${m.organisation} to "${m.title}" has not been used yet and expires on ${formatTime(m.expiresAt, m.timeZone)}.`,
    'Open the personal link in the invitation we sent you before then.',
  ]);
}

export interface SubmittedMail {
  organisation: string;
  candidateName: string;
  title: string;
  submittedAt: Date;
  timeZone: string | null;
}

export function submittedMail(m: SubmittedMail): RenderedMail {
  return message(`Received: your submission to "${m.title}"`, m.organisation, [
    `Hello ${m.candidateName},`,
    `${m.organisation} has received your submission to "${m.title}" on ${formatTime(m.submittedAt, m.timeZone)}. Nothing more is needed from you; the hiring team will be in touch.`,
  ]);
}

export interface GradedMail {
  organisation: string;
  candidateName: string;
  candidateEmail: string;
  title: string;
  /** The path of the attempt's review on the staff pages, or a full link with PUBLIC_URL. */
  review: { text: string; href?: string };
}

export function gradedMail(m: GradedMail): RenderedMail {
  return message(`Graded: ${m.candidateName} on "${m.title}"`, m.organisation, [
    `Every submission of ${m.candidateName} <${m.candidateEmail}> to "${m.title}" has been graded.`,
    'Review it at:',
    { link: m.review.text, ...(m.review.href ? { href: m.review.href } : {}) },
  ]);
}

export interface FeedbackReadyMail {
  organisation: string;
  candidateName: string;
  title: string;
  /** Whether every challenge's final submission was graded; one the grader failed on was not. */
  allGraded: boolean;
}

/**
 * The candidate's notice that their feedback is ready. It carries no part of the report (which is
 * built on read, behind their invitation link) and no link: only the link's hash is stored.
 */
export function feedbackReadyMail(m: FeedbackReadyMail): RenderedMail {
  return message(`Your feedback on "${m.title}" is ready`, m.organisation, [
    `Hello ${m.candidateName},`,
    m.allGraded
      ? `Your work on "${m.title}" has been graded, and ${m.organisation} shares feedback on it: for each requirement, what was met and what was not, from the checks you could see while working, with the rubric's description of each level.`
      : `Your work on "${m.title}" has been received, and ${m.organisation} shares feedback on it. The automatic checks could not grade all of it: your feedback says which parts were not graded, and the reviewers look at those themselves. For what was graded, it gives each requirement, what was met and what was not, from the checks you could see while working, with the rubric's description of each level.`,
    'To read it, open the personal link from your invitation email again (the one you used to start the assessment). Your feedback is on that page, below your submission.',
    'The report is not repeated in this email, so that it stays behind your personal link.',
  ]);
}
