import { randomUUID } from 'node:crypto';
import type { RouteKey } from './route-table.ts';
import { type Caller, LIVE_SLUG, OPEN_SLUG, type TwoOrganisations } from './two-organisations.ts';

/**
 * What a caller gets from a route. `allowed`: the request reached the handler, so the answer is a
 * 2xx or a 4xx of the handler's own (validation 400, a state conflict 409, a wrong password 401
 * `invalid_credentials`), never 401 `unauthenticated`, 403 `forbidden` or 404 `not_found`. A
 * number: refused with exactly that status (401 not signed in or the wrong kind of session, 403
 * the wrong role, 404 another organisation's or another attempt's record) or, for 503, a live
 * environment asked of a server that runs none (the caller got past the candidate guard).
 */
export type Outcome = 'allowed' | 401 | 403 | 404 | 503;

export interface RouteRule {
  /** Path parameters, filled with organisation 1's real records. */
  params?: (w: TwoOrganisations) => Record<string, string>;
  query?: string;
  /** A fresh, valid body for each call: who may reach the handler is the point, not validation. */
  body?: (w: TwoOrganisations) => unknown;
  expect: Record<Caller, Outcome>;
  /**
   * A REST API route (/api/v1): it takes a token, never a cookie, so every caller above is 401.
   * Suites that must get past the guard send organisation 1's admin token (`w.org1ApiToken`);
   * test/integration/api-tokens.test.ts holds each route's scope, revocation and expiry cases.
   */
  apiToken?: true;
  /**
   * A SCIM route (/scim/v2): only an organisation's SCIM token reaches it, so every caller above is
   * 401. Suites that must get past the guard send organisation 1's (`w.scimHeadersOf()`);
   * test/integration/scim.test.ts holds its cases.
   */
  scimToken?: true;
  /**
   * The body's shape is a vendor's (Greenhouse, Lever): a field the vendor adds later is dropped,
   * never refused (nor merged into anything), so the fuzz suite expects extra fields to be handled.
   */
  foreignShape?: true;
}

const everyone: Record<Caller, Outcome> = {
  anonymous: 'allowed',
  candidateA: 'allowed',
  candidateB: 'allowed',
  interviewer1: 'allowed',
  manager1: 'allowed',
  manager2: 'allowed',
};
/** The candidate's own attempt: it comes from the session, so another candidate reaches only theirs. */
const candidates: Record<Caller, Outcome> = {
  ...everyone,
  anonymous: 401,
  interviewer1: 401,
  manager1: 401,
  manager2: 401,
};
const live: Record<Caller, Outcome> = { ...candidates, candidateA: 503, candidateB: 503 };
/** Any staff member, on their own organisation's list or profile. */
const staff: Record<Caller, Outcome> = { ...everyone, anonymous: 401, candidateA: 401, candidateB: 401 };
/** Any staff member of organisation 1, on organisation 1's record. */
const staffOfOrg1: Record<Caller, Outcome> = { ...staff, manager2: 404 };
/** A hiring manager of organisation 1, on organisation 1's record. */
const managerOfOrg1: Record<Caller, Outcome> = { ...staffOfOrg1, interviewer1: 403 };
/** A hiring manager, acting on their own organisation (no record named). */
const manager: Record<Caller, Outcome> = { ...staff, interviewer1: 403 };

const assessment = (w: TwoOrganisations) => ({ id: w.org1.assessmentId });
const submitted = (w: TwoOrganisations) => ({ id: w.submittedAttemptId });
const pending = (w: TwoOrganisations) => ({ id: w.pendingAttemptId });
const openSlug = () => ({ slug: OPEN_SLUG });
const joinedInterview = (w: TwoOrganisations) => ({ id: w.joinedInterview.id });
/** Staff of organisation 1 who joined the interview: manager 1 did not, so it must join first. */
const participantsOfOrg1: Record<Caller, Outcome> = { ...staffOfOrg1, manager1: 403 };
const freshEmail = () => `matrix-${randomUUID()}@example.com`;
/** A REST API route: only a bearer token reaches it, so a cookie (a session, a page of another site) cannot. */
const tokenOnly: Record<Caller, Outcome> = {
  anonymous: 401,
  candidateA: 401,
  candidateB: 401,
  interviewer1: 401,
  manager1: 401,
  manager2: 401,
};

/** Every route the app registers, with who may reach it. A route missing here fails the matrix. */
export const ROUTE_RULES: Record<string, RouteRule> = {
  'GET /api/health': { expect: everyone },
  'GET /healthz': { expect: everyone },
  'GET /readyz': { expect: everyone },
  // Without METRICS_TOKEN only loopback clients may scrape, and the matrix runs on loopback.
  'GET /metrics': { expect: everyone },

  'POST /api/staff/sign-in': {
    body: (w) => ({ email: w.signInEmail, password: 'correct horse battery staple' }),
    expect: everyone,
  },
  'POST /api/staff/sign-out': { expect: everyone },
  'GET /api/staff/me': { expect: staff },
  'GET /api/staff/challenges': { expect: staff },
  // Counts and rates per check id (hidden checks too): a manager's, of their own organisation only.
  'GET /api/staff/challenges/check-statistics': { expect: manager },
  'GET /api/staff/assessments': { expect: staff },
  'GET /api/staff/audit': { expect: manager },
  'GET /api/staff/outbox': { expect: manager },
  'GET /api/staff/sso': { expect: manager },
  // Saving settings reaches no provider; organisation 2's manager gets a 409 (the slug is taken).
  'PUT /api/staff/sso': {
    body: () => ({
      slug: 'matrix-sso',
      issuerUrl: 'https://idp.example.com',
      clientId: 'matrix-client',
      clientSecret: 'matrix-client-secret',
      groupRoles: { 'matrix-staff': 'interviewer' },
      ssoRequired: false,
    }),
    expect: manager,
  },
  'POST /api/staff/sso/scim-token': { expect: manager },
  'GET /api/staff/members': { expect: manager },
  // Deactivating the same member again is allowed (and changes nothing).
  'POST /api/staff/members/:id/deactivate': { params: (w) => ({ id: w.leaverId }), expect: managerOfOrg1 },
  // Public: a sign-in starts before anyone is signed in (no organisation signs in as this name).
  'POST /api/auth/sso/start': { body: () => ({ org: 'nobody@no-sso.example.com' }), expect: everyone },
  'POST /api/auth/sso/callback': { body: () => ({ params: 'code=matrix&state=matrix' }), expect: everyone },
  'GET /scim/v2/Users': {
    query: 'filter=userName%20eq%20%22x%40example.com%22',
    scimToken: true,
    expect: tokenOnly,
  },
  'GET /scim/v2/Users/:id': {
    params: (w) => ({ id: w.org1.interviewer.id }),
    scimToken: true,
    expect: tokenOnly,
  },
  // Sets active to true on an active member: reaching the handler changes nothing.
  'PATCH /scim/v2/Users/:id': {
    params: (w) => ({ id: w.org1.interviewer.id }),
    body: () => ({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: true }],
    }),
    scimToken: true,
    expect: tokenOnly,
  },
  'GET /api/staff/webhooks': { expect: manager },
  'POST /api/staff/webhooks': {
    body: () => ({ url: 'https://203.0.113.10/matrix', eventTypes: ['attempt.submitted'] }),
    expect: manager,
  },
  'PATCH /api/staff/webhooks/:id': {
    params: (w) => ({ id: w.webhooks.endpointId }),
    body: () => ({ enabled: true }),
    expect: managerOfOrg1,
  },
  // Another endpoint than the others': deleting it again is allowed (and changes nothing).
  'DELETE /api/staff/webhooks/:id': {
    params: (w) => ({ id: w.webhooks.deletableId }),
    expect: managerOfOrg1,
  },
  'POST /api/staff/webhooks/:id/ping': {
    params: (w) => ({ id: w.webhooks.endpointId }),
    expect: managerOfOrg1,
  },
  'GET /api/staff/webhooks/:id/deliveries': {
    params: (w) => ({ id: w.webhooks.endpointId }),
    expect: managerOfOrg1,
  },
  'POST /api/staff/webhooks/:id/deliveries/:deliveryId/redeliver': {
    params: (w) => ({ id: w.webhooks.endpointId, deliveryId: w.webhooks.deliveryId }),
    expect: managerOfOrg1,
  },
  'POST /api/staff/assessments': {
    body: () => ({ title: 'Matrix', challengeSlugs: ['cicd-canary'], timeLimitMinutes: 30 }),
    expect: manager,
  },
  'GET /api/staff/assessments/:id': { params: assessment, expect: managerOfOrg1 },
  'GET /api/staff/assessments/:id/feedback': { params: assessment, expect: managerOfOrg1 },
  'PUT /api/staff/assessments/:id/feedback': {
    params: assessment,
    body: () => ({ candidateFeedback: false }),
    expect: managerOfOrg1,
  },
  'GET /api/staff/assessments/:id/attempts': { params: assessment, expect: staffOfOrg1 },
  'POST /api/staff/assessments/:id/invitations': {
    params: assessment,
    body: () => ({ candidateName: 'Invited by the matrix', candidateEmail: freshEmail() }),
    expect: managerOfOrg1,
  },
  'POST /api/staff/assessments/:id/invitations/csv': {
    params: assessment,
    body: () => ({ csv: `Invited from a CSV,${freshEmail()}` }),
    expect: managerOfOrg1,
  },
  'GET /api/staff/assessments/:id/comparison': { params: assessment, expect: managerOfOrg1 },
  'GET /api/staff/assessments/:id/comparison.csv': { params: assessment, expect: managerOfOrg1 },

  'GET /api/staff/attempts/:id': { params: submitted, expect: staffOfOrg1 },
  'POST /api/staff/attempts/:id/review': {
    params: submitted,
    body: () => ({
      ratings: Object.fromEntries(
        ['architecture', 'iac', 'cicd', 'security', 'operations'].map((d) => [d, { rating: 3, notes: 'ok' }]),
      ),
      recommendation: 'yes',
      summary: 'Reviewed by the matrix.',
    }),
    expect: staffOfOrg1,
  },
  'POST /api/staff/attempts/:id/extend': {
    params: pending,
    body: () => ({ minutes: 30 }),
    expect: managerOfOrg1,
  },
  'POST /api/staff/attempts/:id/revoke': { params: pending, expect: managerOfOrg1 },
  'GET /api/staff/attempts/:id/accommodation': { params: pending, expect: staffOfOrg1 },
  'PUT /api/staff/attempts/:id/accommodation': {
    params: pending,
    body: () => ({ extraTime: { kind: 'percent', percent: 50 }, note: 'Screen reader user' }),
    expect: managerOfOrg1,
  },
  'GET /api/staff/attempts/:id/replay': { params: submitted, expect: staffOfOrg1 },
  'GET /api/staff/attempts/:id/similarity': { params: submitted, expect: staffOfOrg1 },
  'GET /api/staff/attempts/:id/replay/events': { params: submitted, expect: staffOfOrg1 },
  'GET /api/staff/attempts/:id/replay/files': {
    params: submitted,
    query: `challenge=${OPEN_SLUG}`,
    expect: staffOfOrg1,
  },
  'POST /api/staff/attempts/:id/replay/notes': {
    params: submitted,
    body: () => ({ challengeSlug: OPEN_SLUG, seq: 0, body: 'A note from the matrix' }),
    expect: staffOfOrg1,
  },

  'POST /api/staff/interviews': {
    body: () => ({
      title: 'Matrix interview',
      challengeSlugs: [OPEN_SLUG],
      startsAt: new Date(Date.now() + 3600_000).toISOString(),
      durationMinutes: 60,
      // meetingUrl is left out (it defaults to null): the fuzz suite would take null for a wrong type.
      candidateName: 'Interviewed by the matrix',
      candidateEmail: freshEmail(),
    }),
    expect: staff,
  },
  'GET /api/staff/interviews': { expect: staff },
  'GET /api/staff/interviews/:id': { params: joinedInterview, expect: staffOfOrg1 },
  'POST /api/staff/interviews/:id/join': {
    params: (w) => ({ id: w.freshInterviewId }),
    body: () => ({ role: 'interviewer' }),
    expect: staffOfOrg1,
  },
  'POST /api/staff/interviews/:id/notes': {
    params: joinedInterview,
    body: () => ({ challengeSlug: OPEN_SLUG, body: 'A note from the matrix' }),
    expect: participantsOfOrg1,
  },
  'PUT /api/staff/interviews/:id/ratings': {
    params: joinedInterview,
    body: () => ({ ratings: { operations: 3 } }),
    expect: participantsOfOrg1,
  },
  // Past every guard, a server without live environments answers 503.
  'POST /api/staff/interviews/:id/complications': {
    params: joinedInterview,
    body: () => ({ challengeSlug: LIVE_SLUG, complicationId: 'second-runaway-query' }),
    expect: { ...participantsOfOrg1, interviewer1: 503 },
  },

  'GET /api/staff/api-tokens': { expect: manager },
  'POST /api/staff/api-tokens': {
    body: () => ({ name: 'Matrix token', scopes: ['read:results'] }),
    expect: manager,
  },
  'POST /api/staff/api-tokens/:id/revoke': {
    params: (w) => ({ id: w.revocableApiTokenId }),
    expect: managerOfOrg1,
  },
  // Candidates' data: the retention period is the manager's own organisation's; export reads the
  // submitted attempt (audited), erase a spare one (idempotent, so every call after the first is 200).
  'GET /api/staff/organisation/retention': { expect: manager },
  'PUT /api/staff/organisation/retention': { body: () => ({ retentionDays: 365 }), expect: manager },
  'GET /api/staff/attempts/:id/export': { params: submitted, expect: managerOfOrg1 },
  'POST /api/staff/attempts/:id/erase': {
    params: (w) => ({ id: w.erasableAttemptId }),
    expect: managerOfOrg1,
  },

  // The REST API's description is public; its routes take organisation 1's token, not a cookie.
  'GET /api/v1/openapi.json': { expect: everyone },
  'GET /api/docs': { expect: everyone },
  'GET /api/docs/init.js': { expect: everyone },
  'GET /api/docs/assets/:file': { params: () => ({ file: 'swagger-ui.css' }), expect: everyone },
  'GET /api/v1/assessments': { apiToken: true, expect: tokenOnly },
  'POST /api/v1/assessments/:id/invitations': {
    params: assessment,
    body: () => ({ candidateName: 'Invited through the API', candidateEmail: freshEmail() }),
    apiToken: true,
    expect: tokenOnly,
  },
  'GET /api/v1/assessments/:id/attempts': { params: assessment, apiToken: true, expect: tokenOnly },
  'GET /api/v1/attempts/:id': { params: submitted, apiToken: true, expect: tokenOnly },

  // Applicant tracking systems. Greenhouse takes an API token (Basic user name, or Bearer); the
  // Lever and generic inbound routes are open to all and prove the sender by its signature (a 401
  // invalid_signature is the handler's own answer): test/integration/ats.test.ts holds their cases.
  'GET /api/ats/greenhouse/list_tests': { apiToken: true, expect: tokenOnly },
  'POST /api/ats/greenhouse/send_test': {
    body: (w) => ({
      partner_test_id: w.org1.assessmentId,
      candidate: { first_name: 'Green', last_name: 'House', email: freshEmail() },
    }),
    apiToken: true,
    foreignShape: true,
    expect: tokenOnly,
  },
  'GET /api/ats/greenhouse/test_status': {
    query: `partner_interview_id=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`,
    apiToken: true,
    expect: tokenOnly,
  },
  'POST /api/ats/greenhouse/response_error': {
    body: () => ({ api_call: 'test_status', errors: ['matrix'] }),
    apiToken: true,
    foreignShape: true,
    expect: tokenOnly,
  },
  // Signed inside the body (a stale, unsigned message: the handler's own 401 after validation).
  'POST /api/ats/lever/:id': {
    params: (w) => ({ id: w.ats.leverId }),
    body: () => ({
      event: 'candidateStageChange',
      triggeredAt: 1_700_000_000_000,
      token: 'matrix-message-token',
      signature: 'ab'.repeat(32),
      data: { opportunityId: 'opp-matrix', toStageId: 'stage-assessment' },
    }),
    foreignShape: true,
    expect: everyone,
  },
  // Signed over its raw bytes (Standard Webhooks), so it is read raw and not body-fuzzed here.
  'POST /api/ats/inbound/:id': { params: (w) => ({ id: w.ats.genericId }), expect: everyone },
  'GET /api/staff/ats-connections': { expect: manager },
  'POST /api/staff/ats-connections': {
    body: (w) => ({ kind: 'generic', name: 'Matrix inbound', assessmentId: w.org1.assessmentId }),
    // It names organisation 1's assessment: another organisation's manager is told it is not found.
    expect: managerOfOrg1,
  },
  'DELETE /api/staff/ats-connections/:id': {
    params: (w) => ({ id: w.ats.deletableId }),
    expect: managerOfOrg1,
  },

  'POST /api/candidate/enter': { body: (w) => ({ token: w.candidateB.token }), expect: everyone },
  'GET /api/candidate/attempt': { expect: candidates },
  'GET /api/candidate/attempt/feedback': { expect: candidates },
  'POST /api/candidate/attempt/start': { expect: candidates },
  'PUT /api/candidate/attempt/challenges/:slug/files': {
    params: openSlug,
    body: () => ({ files: [{ path: 'deployment.yaml', content: 'kind: Deployment\n' }] }),
    expect: candidates,
  },
  'POST /api/candidate/attempt/challenges/:slug/gradings': {
    params: openSlug,
    body: () => ({ kind: 'run' }),
    expect: candidates,
  },
  'POST /api/candidate/attempt/events': {
    body: () => ({
      batchId: randomUUID(),
      captureId: randomUUID(),
      batchNo: 0,
      events: [
        { offsetMs: 0, challengeSlug: OPEN_SLUG, kind: 'focus', payload: {} },
        {
          offsetMs: 1,
          challengeSlug: OPEN_SLUG,
          kind: 'paste',
          payload: { path: 'deployment.yaml', size: 3 },
        },
      ],
    }),
    expect: candidates,
  },
  'GET /api/candidate/attempt/gradings/:id': {
    params: (w) => ({ id: w.candidateA.gradingId }),
    expect: { ...candidates, candidateB: 404 },
  },
  'POST /api/candidate/attempt/challenges/:slug/environment': { params: openSlug, expect: live },
  'GET /api/candidate/attempt/challenges/:slug/environment/file': {
    params: openSlug,
    query: 'path=/etc/hostname',
    expect: live,
  },
  'PUT /api/candidate/attempt/challenges/:slug/environment/file': {
    params: openSlug,
    body: () => ({ path: '/tmp/note.txt', content: 'hello' }),
    expect: live,
  },
  // The practice before the clock: the session's own attempt; its environment needs live hosting.
  'GET /api/candidate/practice': { expect: candidates },
  'POST /api/candidate/practice/environment': { expect: live },
  'GET /api/candidate/practice/environment/file': { query: 'path=/etc/hostname', expect: live },
  'PUT /api/candidate/practice/environment/file': {
    body: () => ({ path: '/tmp/note.txt', content: 'hello' }),
    expect: live,
  },
  'POST /api/candidate/practice/checks': { expect: live },
} satisfies Record<RouteKey, RouteRule>;

/** The URL of a route with its parameters filled and its query added. */
export function urlOf(route: string, rule: RouteRule, w: TwoOrganisations): string {
  const [, template = ''] = route.split(' ');
  const params = rule.params?.(w) ?? {};
  const path = template.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  return rule.query ? `${path}?${rule.query}` : path;
}
