import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { describeZodError, HttpError } from '../errors.ts';
import type { StaffMemberRow } from '../queries/sso.ts';

export const SCIM_JSON = 'application/scim+json';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A SCIM error with its `scimType` (RFC 7644 §3.12), e.g. invalidFilter or invalidValue. */
export class ScimError extends HttpError {
  readonly scimType: string;
  constructor(status: number, scimType: string, message: string) {
    super(status, 'invalid_request', message);
    this.scimType = scimType;
  }
}

/** Answers SCIM JSON: the media type SCIM clients expect. */
export function sendScim(res: Response, status: number, body: unknown): void {
  res.status(status).set('Content-Type', SCIM_JSON).json(body);
}

/** A staff member as a SCIM User: userName is the email, active is "not deactivated". */
export function presentScimUser(m: StaffMemberRow, base: string) {
  return {
    schemas: [USER_SCHEMA],
    id: m.id,
    userName: m.email,
    displayName: m.name,
    name: { formatted: m.name },
    emails: [{ value: m.email, type: 'work', primary: true }],
    active: m.deactivatedAt === null,
    meta: {
      resourceType: 'User',
      created: m.createdAt.toISOString(),
      location: `${base}/scim/v2/Users/${m.id}`,
    },
  };
}

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.too.large': 'The request body is too large.',
};

/**
 * Renders every error of the SCIM routes in SCIM's Error schema (schemas, status as a string,
 * scimType, detail) and, beside it, Gauntlet's own `error: { id, message }`, which SCIM clients
 * ignore and the rest of Gauntlet's tooling reads. Unknown errors are a plain 500.
 */
export const renderScimErrors: ErrorRequestHandler = (error, req, res, _next) => {
  let status = 500;
  let id = 'internal';
  let message = 'Something went wrong on our side.';
  let scimType: string | undefined;
  if (error instanceof HttpError) {
    ({ status, id, message } = error);
    if (error instanceof ScimError) scimType = error.scimType;
  } else if (error instanceof ZodError) {
    status = 400;
    id = 'invalid_request';
    scimType = 'invalidSyntax';
    message =
      req.body === undefined && req.method !== 'GET'
        ? 'body: must be JSON, sent with Content-Type: application/json (or application/scim+json)'
        : describeZodError(error, req.method === 'GET' ? 'query' : 'body');
  } else if (
    typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    typeof error.status === 'number'
  ) {
    // The body parser's own errors.
    const type = 'type' in error ? String(error.type) : '';
    status = type === 'entity.too.large' ? 413 : 400;
    id = status === 413 ? 'too_large' : 'invalid_json';
    scimType = 'invalidSyntax';
    const detail = error instanceof Error ? error.message : '';
    message =
      BODY_PARSER_MESSAGES[type] ??
      (type === 'entity.parse.failed'
        ? `The request body is not valid JSON: ${detail}`
        : `The request body could not be read: ${detail}`);
  } else {
    process.stderr.write(
      `unexpected SCIM error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  sendScim(res, status, {
    schemas: [ERROR_SCHEMA],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail: message,
    error: { id, message },
  });
};
