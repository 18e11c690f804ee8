/** The schedule form's values and how they become the contract's request (kept out of the component). */
import type { ScheduleInterviewRequest } from '../../../server/contract/interview.ts';

export const SCHEDULE_FIELDS = [
  'title',
  'challengeSlugs',
  'startsAt',
  'durationMinutes',
  'meetingUrl',
  'candidateName',
  'candidateEmail',
] as const;
export type ScheduleField = (typeof SCHEDULE_FIELDS)[number];

export interface ScheduleValues {
  title: string;
  challengeSlugs: string[];
  /** A `datetime-local` value, in the viewer's time zone: "2026-12-03T14:00". */
  startsAtLocal: string;
  durationMinutes: number;
  meetingUrl: string;
  candidateName: string;
  candidateEmail: string;
}

const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');

/** "2026-12-03T14:00" in this browser's zone → "2026-12-03T14:00:00+01:00"; '' when unreadable. */
export function localToIso(local: string): string {
  const date = new Date(local);
  if (local === '' || Number.isNaN(date.getTime())) return '';
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:00`;
  return `${day}T${time}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** The next full hour from now, as a `datetime-local` value. */
export function nextHourLocal(now = new Date()): string {
  const next = new Date(now.getTime() + 60 * 60 * 1000);
  return `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}T${pad(next.getHours())}:00`;
}

export function toRequest(values: ScheduleValues): ScheduleInterviewRequest {
  return {
    title: values.title,
    challengeSlugs: values.challengeSlugs,
    startsAt: localToIso(values.startsAtLocal),
    durationMinutes: values.durationMinutes,
    meetingUrl: values.meetingUrl.trim() === '' ? null : values.meetingUrl.trim(),
    candidateName: values.candidateName,
    candidateEmail: values.candidateEmail,
  };
}

/**
 * A server (or client-side) message such as "startsAt: must be an ISO 8601 time" split into the field
 * it names and the rest; a message that names no field of the form is a general one (field null).
 */
export function fieldOfMessage(message: string): { field: ScheduleField | null; message: string } {
  const match = /^([A-Za-z]+)(?:\.[\w.]+)?: (.*)$/s.exec(message);
  const field = SCHEDULE_FIELDS.find((f) => f === match?.[1]) ?? null;
  return field && match ? { field, message: match[2] ?? message } : { field: null, message };
}
