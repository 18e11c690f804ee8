import { type Caller, LIVE_SLUG, OPEN_SLUG, type TwoOrganisations } from './two-organisations.ts';

/**
 * What a caller gets from a WebSocket upgrade: `allowed` when it got past every guard (101 accepted,
 * or 409 because no environment runs in the matrix), or the refusal's status (401 not signed in or
 * the wrong kind of session, 403 not a participant, 404 another organisation's or not an interview).
 */
export type SocketOutcome = 'allowed' | 401 | 403 | 404;

export interface SocketRule {
  /** The socket's name as the server gives it (`WS /api/collab`). */
  socket: string;
  url: (w: TwoOrganisations) => string;
  expect: Record<Caller, SocketOutcome>;
}

const nobody: Record<Caller, SocketOutcome> = {
  anonymous: 401,
  candidateA: 401,
  candidateB: 401,
  interviewer1: 401,
  manager1: 401,
  manager2: 401,
};

/**
 * Every socket with who may open it; a socket the server serves without a rule here fails the
 * matrix. Organisation 1's joined interview has interviewer 1 as its only participant; candidates
 * A and B sit take-home attempts, so the documents of an interview are none of theirs.
 */
export const SOCKET_RULES: Record<string, SocketRule> = {
  'staff on an interview’s documents': {
    socket: 'WS /api/collab',
    url: (w) => `/api/collab?as=staff&interview=${w.joinedInterview.id}`,
    expect: { ...nobody, interviewer1: 'allowed', manager1: 403, manager2: 404 },
  },
  'a candidate on their interview’s documents': {
    socket: 'WS /api/collab',
    url: () => '/api/collab?as=candidate',
    expect: { ...nobody, candidateA: 404, candidateB: 404 },
  },
  'a candidate’s terminal': {
    socket: 'WS /api/candidate/attempt/challenges/:slug/terminal',
    url: () => `/api/candidate/attempt/challenges/${OPEN_SLUG}/terminal?cols=80&rows=24`,
    expect: { ...nobody, candidateA: 'allowed', candidateB: 'allowed' },
  },
  'a candidate’s system check echo': {
    socket: 'WS /api/candidate/system-check/echo',
    url: () => '/api/candidate/system-check/echo',
    expect: { ...nobody, candidateA: 'allowed', candidateB: 'allowed' },
  },
  'staff on an interview’s shared terminal': {
    socket: 'WS /api/staff/interviews/:id/challenges/:slug/terminal',
    url: (w) => `/api/staff/interviews/${w.joinedInterview.id}/challenges/${LIVE_SLUG}/terminal`,
    expect: { ...nobody, interviewer1: 'allowed', manager1: 403, manager2: 404 },
  },
};

/** How an upgrade's answer reads against the matrix (see SocketOutcome). */
export function socketOutcomeOf(status: number, errorId: string | undefined): SocketOutcome | string {
  if (status === 101 || status === 409) return 'allowed';
  const guard: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' };
  if (guard[status] === errorId) return status as SocketOutcome;
  return `${status} ${String(errorId)}`;
}
