/**
 * Live interviews on the wire: the staff routes of /api/staff/interviews, the staff member's view of
 * the candidate's shared terminal, and the shared documents' socket address. Built on api.ts's
 * `call`, so every answer is parsed with the contract's schema and every failure is an `ApiError`.
 */
import { z } from 'zod';
import type { DimensionId } from '../../server/contract/api.ts';
import {
  complicationRequestSchema,
  complicationResultSchema,
  type InterviewNote,
  type InterviewRoom,
  type InterviewSummary,
  interviewNoteRequestSchema,
  interviewNoteSchema,
  interviewRatingsRequestSchema,
  interviewRoomSchema,
  interviewSummarySchema,
  joinInterviewRequestSchema,
  type ParticipantRole,
  type ScheduledInterview,
  type ScheduleInterviewRequest,
  scheduledInterviewSchema,
  scheduleInterviewRequestSchema,
} from '../../server/contract/interview.ts';
import { call, parseRequest, staffPath } from './api.ts';

const interviewsSchema = z.object({ interviews: z.array(interviewSummarySchema) });
const ratingsSchema = z.object({ ratings: interviewRoomSchema.shape.ratings });
const noAnswer = z.unknown();

/** Books a slot and invites the candidate; the answer's link is shown this once. */
export async function scheduleInterview(input: ScheduleInterviewRequest): Promise<ScheduledInterview> {
  const body = parseRequest(scheduleInterviewRequestSchema, input);
  return call('POST', staffPath('interviews'), scheduledInterviewSchema, body);
}

export async function listInterviews(): Promise<InterviewSummary[]> {
  return (await call('GET', staffPath('interviews'), interviewsSchema)).interviews;
}

/** The room: the interview, this staff member's role (null before joining), notes and ratings. */
export async function getInterviewRoom(interviewId: string): Promise<InterviewRoom> {
  return call('GET', staffPath('interviews', interviewId), interviewRoomSchema);
}

export async function joinInterview(interviewId: string, role: ParticipantRole): Promise<void> {
  const body = parseRequest(joinInterviewRequestSchema, { role });
  await call('POST', staffPath('interviews', interviewId, 'join'), noAnswer, body);
}

/** A private note; it becomes one of the replay's notes at the log's newest moment. */
export async function addInterviewNote(
  interviewId: string,
  input: { challengeSlug: string; body: string },
): Promise<InterviewNote> {
  const body = parseRequest(interviewNoteRequestSchema, input);
  return call('POST', staffPath('interviews', interviewId, 'notes'), interviewNoteSchema, body);
}

/** Sets (or clears, with null) quick ratings; answers with all of this interviewer's ratings. */
export async function setInterviewRatings(
  interviewId: string,
  ratings: Partial<Record<DimensionId, number | null>>,
): Promise<InterviewRoom['ratings']> {
  const body = parseRequest(interviewRatingsRequestSchema, { ratings });
  return (await call('PUT', staffPath('interviews', interviewId, 'ratings'), ratingsSchema, body)).ratings;
}

/** Runs a complication's script in the candidate's live environment. */
export async function triggerComplication(
  interviewId: string,
  input: { challengeSlug: string; complicationId: string },
): Promise<{ ok: boolean; output: string }> {
  const body = parseRequest(complicationRequestSchema, input);
  return call('POST', staffPath('interviews', interviewId, 'complications'), complicationResultSchema, body);
}

/** A WebSocket address on this page's origin (ws or wss as the page is http or https). */
export function socketUrl(path: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}${path}`;
}

/** The shared documents' socket: as the candidate, or as a staff member who joined the interview. */
export function collabUrl(who: { as: 'candidate' } | { as: 'staff'; interviewId: string }): string {
  const query =
    who.as === 'candidate' ? 'as=candidate' : `as=staff&interview=${encodeURIComponent(who.interviewId)}`;
  return socketUrl(`/api/collab?${query}`);
}

/**
 * A joined staff member's view of the candidate's shared terminal. The server refuses the upgrade
 * (409) until the candidate's environment runs; the browser only sees the socket close.
 */
export function openStaffTerminalSocket(
  interviewId: string,
  challengeSlug: string,
  size: { cols: number; rows: number },
): WebSocket {
  const path = `${staffPath('interviews', interviewId, 'challenges', challengeSlug, 'terminal')}?cols=${size.cols}&rows=${size.rows}`;
  const socket = new WebSocket(socketUrl(path));
  socket.binaryType = 'arraybuffer';
  return socket;
}
