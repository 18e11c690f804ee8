import type { Answer } from './send.ts';

/** The refusals a guard gives, by status and error id; anything else a handler said is "allowed". */
const REFUSALS: Record<number, string> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  503: 'live_unavailable',
};

/**
 * How an answer reads against the matrix: `allowed` when the handler was reached (2xx, or a 4xx of
 * its own such as a validation 400 or a 409), the refusal's status when a guard refused, and
 * `<status> <id>` for anything that is neither (a 5xx, a 404 from no route at all).
 */
export function outcomeOf(answer: Answer): 'allowed' | number | string {
  const id: unknown = answer.body?.error?.id;
  if (answer.status < 300) return 'allowed';
  if (REFUSALS[answer.status] !== undefined && REFUSALS[answer.status] === id) return answer.status;
  if (answer.status >= 400 && answer.status < 500 && answer.status !== 404 && typeof id === 'string')
    return 'allowed';
  return `${answer.status} ${String(id)}`;
}

/** True when an error answer has the one error shape: `{ error: { id, message } }`, both non-empty. */
export function hasErrorShape(answer: Answer): boolean {
  const error = answer.body?.error;
  // A SCIM route answers SCIM's Error schema (schemas, status, scimType, detail) beside `error`.
  const scim = ['schemas', 'status', 'scimType', 'detail'];
  const ownKeys = Object.keys(answer.body ?? {}).filter(
    (k) => !(scim.includes(k) && answer.body?.schemas?.[0] === 'urn:ietf:params:scim:api:messages:2.0:Error'),
  );
  return (
    typeof answer.body === 'object' &&
    answer.body !== null &&
    ownKeys.length === 1 &&
    typeof error?.id === 'string' &&
    error.id.length > 0 &&
    typeof error?.message === 'string' &&
    error.message.length > 0
  );
}
