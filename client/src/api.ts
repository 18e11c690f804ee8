/**
 * The one module that talks to the server. Every request body is checked against the contract
 * before it leaves, every response is parsed with the contract's schema, and every failure becomes
 * an `ApiError` with a status, a stable id and a message a person can read.
 */
import { type ZodType, z } from 'zod';
import {
  type AssessmentAttempts,
  assessmentAttemptsSchema,
  assessmentListSchema,
  type CandidateAttempt,
  type CandidateGrading,
  type Catalogue,
  candidateAttemptSchema,
  candidateGradingSchema,
  catalogueSchema,
  enterRequestSchema,
  errorBodySchema,
  type GRADING_KINDS,
  meResponseSchema,
  type RequestedGrading,
  requestedGradingSchema,
  requestGradingSchema,
  type StaffUser,
  saveFilesRequestSchema,
  saveFilesResponseSchema,
  signInRequestSchema,
  type WorkspaceFile,
} from '../../server/contract/api.ts';
import {
  type CreateNote,
  createNoteSchema,
  type EventBatch,
  type EventBatchResponse,
  eventBatchResponseSchema,
  eventBatchSchema,
  eventsPageSchema,
  type Replay,
  type ReplayFiles,
  type ReplayNote,
  replayFilesSchema,
  replayNoteSchema,
  replaySchema,
  type StoredEvent,
} from '../../server/contract/events.ts';
import {
  type EnvironmentFile,
  environmentFileSavedSchema,
  environmentFileSchema,
  type LiveEnvironmentState,
  liveEnvironmentSchema,
  TERMINAL_CLOSE,
} from '../../server/contract/live.ts';
import {
  type AssessmentDetail,
  type AttemptReview,
  assessmentDetailSchema,
  attemptReviewSchema,
  type Comparison,
  type CreatedInvitation,
  comparisonSchema,
  createAssessmentRequestSchema,
  createdInvitationsSchema,
  csvInviteRequestSchema,
  extendRequestSchema,
  type InvitationRow,
  type InviteRequest,
  invitationRowSchema,
  inviteRequestSchema,
  type ReviewRequest,
  reviewRequestSchema,
} from '../../server/contract/staff.ts';

/** Error ids the client itself produces; every other id comes from the server's error body. */
export const CLIENT_ERROR_IDS = {
  network: 'network_error',
  timeout: 'timeout',
  invalidRequest: 'invalid_request',
  invalidResponse: 'invalid_response',
  http: 'http_error',
} as const;

/** A failed API call: `status` 0 means the server was never reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly id: string;

  constructor(status: number, id: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.id = id;
  }

  /** True when retrying the same call may succeed (no answer, or the server's own fault). */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** The message to show a person for anything a call may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong in this page. Reload it to try again.';
}

/** The first zod issue as `"field.path: message"`, the same shape the server answers with. */
export function formatIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'is invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** Checks a request body against its contract schema before it leaves (shared with interviewApi.ts). */
export function parseRequest<S extends ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ApiError(400, CLIENT_ERROR_IDS.invalidRequest, formatIssue(parsed.error));
  return parsed.data;
}

const REQUEST_TIMEOUT_MS = 20_000;
const anyBody = z.unknown();

async function send(
  method: string,
  path: string,
  body: unknown,
  options: { keepalive?: boolean } = {},
): Promise<Response> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    // A keepalive request outlives the page that sent it (the replay's last batch on close).
    ...(options.keepalive ? { keepalive: true } : {}),
    headers:
      body === undefined
        ? { accept: 'application/json' }
        : { accept: 'application/json', 'content-type': 'application/json' },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  try {
    return await fetch(path, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new ApiError(
        0,
        CLIENT_ERROR_IDS.timeout,
        'The server did not answer in time. Check your connection and try again.',
      );
    }
    throw new ApiError(
      0,
      CLIENT_ERROR_IDS.network,
      'Could not reach the server. Check your connection and try again.',
    );
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One request, its answer parsed with `schema`; every failure an `ApiError`. */
export async function call<S extends ZodType>(
  method: string,
  path: string,
  schema: S,
  body?: unknown,
  options: { keepalive?: boolean } = {},
): Promise<z.output<S>> {
  const response = await send(method, path, body, options);
  const payload = await readJson(response);
  if (!response.ok) {
    const errorBody = errorBodySchema.safeParse(payload);
    if (errorBody.success)
      throw new ApiError(response.status, errorBody.data.error.id, errorBody.data.error.message);
    throw new ApiError(
      response.status,
      CLIENT_ERROR_IDS.http,
      `The server answered ${response.status} ${response.statusText} for ${method} ${path}.`,
    );
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      CLIENT_ERROR_IDS.invalidResponse,
      `Unexpected answer from ${method} ${path}: ${formatIssue(parsed.error)}`,
    );
  }
  return parsed.data;
}

// ---------- staff ----------

/** Signs a staff member in; the server sets the session cookie. */
export async function signIn(input: { email: string; password: string }): Promise<StaffUser> {
  const body = parseRequest(signInRequestSchema, input);
  return (await call('POST', '/api/staff/sign-in', meResponseSchema, body)).user;
}

/** The signed-in staff member; throws an `ApiError` with status 401 when nobody is. */
export async function getMe(): Promise<StaffUser> {
  return (await call('GET', '/api/staff/me', meResponseSchema)).user;
}

export async function signOut(): Promise<void> {
  await call('POST', '/api/staff/sign-out', anyBody);
}

export async function listAssessments(): Promise<z.output<typeof assessmentListSchema>['assessments']> {
  return (await call('GET', '/api/staff/assessments', assessmentListSchema)).assessments;
}

/** The challenge catalogue with briefs and checks, for staff building assessments. */
export async function getCatalogue(): Promise<Catalogue> {
  return call('GET', '/api/staff/challenges', catalogueSchema);
}

export async function getAssessmentAttempts(assessmentId: string): Promise<AssessmentAttempts> {
  return call(
    'GET',
    `/api/staff/assessments/${encodeURIComponent(assessmentId)}/attempts`,
    assessmentAttemptsSchema,
  );
}

// ---------- assessments, invitations, reviews, comparison (staff) ----------

export const staffPath = (...parts: string[]) => `/api/staff/${parts.map(encodeURIComponent).join('/')}`;
const invitationAnswerSchema = z.object({ invitation: invitationRowSchema });

/** Composes an assessment from catalogue challenges (managers only); returns its id. */
export async function createAssessment(input: {
  title: string;
  challengeSlugs: string[];
  timeLimitMinutes: number;
}): Promise<string> {
  const body = parseRequest(createAssessmentRequestSchema, input);
  const answer = z.object({ assessment: z.object({ id: z.string() }) });
  return (await call('POST', '/api/staff/assessments', answer, body)).assessment.id;
}

/** An assessment's challenges and every invitation with its status (managers only). */
export async function getAssessment(assessmentId: string): Promise<AssessmentDetail> {
  return call('GET', staffPath('assessments', assessmentId), assessmentDetailSchema);
}

/** Invites one candidate; the answer carries the link, shown this once. */
export async function inviteCandidate(
  assessmentId: string,
  input: InviteRequest,
): Promise<CreatedInvitation[]> {
  const body = parseRequest(inviteRequestSchema, input);
  const path = staffPath('assessments', assessmentId, 'invitations');
  return (await call('POST', path, createdInvitationsSchema, body)).invitations;
}

/** Invites every candidate of a CSV (name, email), all or none. */
export async function inviteCandidatesCsv(assessmentId: string, csv: string): Promise<CreatedInvitation[]> {
  const body = parseRequest(csvInviteRequestSchema, { csv });
  const path = staffPath('assessments', assessmentId, 'invitations', 'csv');
  return (await call('POST', path, createdInvitationsSchema, body)).invitations;
}

export async function extendInvitation(attemptId: string, minutes: number): Promise<InvitationRow> {
  const body = parseRequest(extendRequestSchema, { minutes });
  return (await call('POST', staffPath('attempts', attemptId, 'extend'), invitationAnswerSchema, body))
    .invitation;
}

export async function revokeInvitation(attemptId: string): Promise<InvitationRow> {
  return (await call('POST', staffPath('attempts', attemptId, 'revoke'), invitationAnswerSchema)).invitation;
}

/** One attempt for review: results, rubric anchors, and others' reviews once one's own is in. */
export async function getAttemptReview(attemptId: string): Promise<AttemptReview> {
  return call('GET', staffPath('attempts', attemptId), attemptReviewSchema);
}

export async function submitReview(attemptId: string, input: ReviewRequest): Promise<AttemptReview> {
  const body = parseRequest(reviewRequestSchema, input);
  return call('POST', staffPath('attempts', attemptId, 'review'), attemptReviewSchema, body);
}

export async function getComparison(assessmentId: string): Promise<Comparison> {
  return call('GET', staffPath('assessments', assessmentId, 'comparison'), comparisonSchema);
}

/** Where the browser downloads the comparison as CSV (a plain link: the session cookie goes along). */
export function comparisonCsvUrl(assessmentId: string): string {
  return staffPath('assessments', assessmentId, 'comparison.csv');
}

// ---------- candidate ----------

/** Trades an invitation token for the candidate cookie. */
export async function enterInvitation(token: string): Promise<void> {
  const body = parseRequest(enterRequestSchema, { token });
  await call('POST', '/api/candidate/enter', anyBody, body);
}

export async function getAttempt(): Promise<CandidateAttempt> {
  return call('GET', '/api/candidate/attempt', candidateAttemptSchema);
}

export async function startAttempt(): Promise<CandidateAttempt> {
  return call('POST', '/api/candidate/attempt/start', candidateAttemptSchema);
}

/** Saves a challenge's whole file set, replacing what the server held. */
export async function saveFiles(
  challengeSlug: string,
  files: readonly WorkspaceFile[],
): Promise<{ savedAt: string }> {
  const body = parseRequest(saveFilesRequestSchema, { files });
  return call(
    'PUT',
    `/api/candidate/attempt/challenges/${encodeURIComponent(challengeSlug)}/files`,
    saveFilesResponseSchema,
    body,
  );
}

export type GradingKind = (typeof GRADING_KINDS)[number];

/** Queues a check run (`run`) or the final grading (`submit`) of a challenge's saved files. */
export async function requestGrading(challengeSlug: string, kind: GradingKind): Promise<RequestedGrading> {
  const body = parseRequest(requestGradingSchema, { kind });
  return call(
    'POST',
    `/api/candidate/attempt/challenges/${encodeURIComponent(challengeSlug)}/gradings`,
    requestedGradingSchema,
    body,
  );
}

/** Starts (or finds) the candidate's live environment; answers once it is ready. */
export async function startLiveEnvironment(challengeSlug: string): Promise<LiveEnvironmentState> {
  return call(
    'POST',
    `/api/candidate/attempt/challenges/${encodeURIComponent(challengeSlug)}/environment`,
    liveEnvironmentSchema,
  );
}

export { TERMINAL_CLOSE };

const environmentFilePath = (challengeSlug: string) =>
  `/api/candidate/attempt/challenges/${encodeURIComponent(challengeSlug)}/environment/file`;

/** A file of the running environment, read as the terminal's user. */
export async function readEnvironmentFile(challengeSlug: string, path: string): Promise<EnvironmentFile> {
  return call(
    'GET',
    `${environmentFilePath(challengeSlug)}?path=${encodeURIComponent(path)}`,
    environmentFileSchema,
  );
}

/** Writes a file of the running environment, as the terminal's user. */
export async function saveEnvironmentFile(challengeSlug: string, file: EnvironmentFile): Promise<void> {
  await call(
    'PUT',
    environmentFilePath(challengeSlug),
    environmentFileSavedSchema,
    parseRequest(environmentFileSchema, file),
  );
}

/**
 * Opens the live environment's terminal: a WebSocket on this page's origin (the session cookie
 * goes with it). Terminal bytes travel as binary frames; `resize` is the one control message.
 */
export function openTerminalSocket(challengeSlug: string, size: { cols: number; rows: number }): WebSocket {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const path = `/api/candidate/attempt/challenges/${encodeURIComponent(challengeSlug)}/terminal`;
  const socket = new WebSocket(
    `${scheme}://${window.location.host}${path}?cols=${size.cols}&rows=${size.rows}`,
  );
  socket.binaryType = 'arraybuffer';
  return socket;
}

export async function getGrading(gradingId: string): Promise<CandidateGrading> {
  return call(
    'GET',
    `/api/candidate/attempt/gradings/${encodeURIComponent(gradingId)}`,
    candidateGradingSchema,
  );
}

// ---------- replays ----------

/** Sends one batch of the replay's events; `keepalive` lets it outlive a closing page. */
export async function sendEventBatch(
  batch: EventBatch,
  options: { keepalive: boolean },
): Promise<EventBatchResponse> {
  const body = parseRequest(eventBatchSchema, batch);
  return call('POST', '/api/candidate/attempt/events', eventBatchResponseSchema, body, options);
}

const replayPath = (attemptId: string) => `/api/staff/attempts/${encodeURIComponent(attemptId)}/replay`;

/** An attempt's replay: its challenges' starter files, check runs, notes and the size of its log. */
export async function getReplay(attemptId: string): Promise<Replay> {
  return call('GET', replayPath(attemptId), replaySchema);
}

/** Every event of an attempt's log, read page by page. */
export async function getReplayEvents(attemptId: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (;;) {
    const afterSeq = events.at(-1)?.seq ?? 0;
    const page = await call('GET', `${replayPath(attemptId)}/events?afterSeq=${afterSeq}`, eventsPageSchema);
    events.push(...page.events);
    if (!page.more || page.events.length === 0) return events;
  }
}

/** A challenge's files right after event `seq`, rebuilt by the server from its nearest snapshot. */
export async function getReplayFiles(
  attemptId: string,
  challengeSlug: string,
  seq: number,
): Promise<ReplayFiles> {
  const query = `challenge=${encodeURIComponent(challengeSlug)}&seq=${seq}`;
  return call('GET', `${replayPath(attemptId)}/files?${query}`, replayFilesSchema);
}

export async function createReplayNote(attemptId: string, note: CreateNote): Promise<ReplayNote> {
  const body = parseRequest(createNoteSchema, note);
  return call('POST', `${replayPath(attemptId)}/notes`, replayNoteSchema, body);
}
