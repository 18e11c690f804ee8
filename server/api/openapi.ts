import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { API_SCOPES, type ApiScope } from '../contract/api-tokens.ts';
import {
  v1AssessmentAttemptsSchema,
  v1AssessmentListSchema,
  v1AttemptResultSchema,
  v1CreatedInvitationsSchema,
  v1ErrorSchema,
  v1InvitationRequestSchema,
} from '../contract/public-api.ts';

type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** The refusals every token route can give, documented once per route. */
function refusals(scopes: readonly ApiScope[], withRecord: boolean) {
  return {
    401: json(
      v1ErrorSchema,
      'No token, or one that is unknown, revoked (`token_revoked`) or expired (`token_expired`).',
    ),
    403: json(
      v1ErrorSchema,
      `The token lacks the scope: ${scopes.join(' or ')} (\`admin\` grants every scope).`,
    ),
    ...(withRecord ? { 404: json(v1ErrorSchema, "No such record in the token's organisation.") } : {}),
    429: {
      ...json(
        v1ErrorSchema,
        'Too many requests with this token in the window; `Retry-After` says when to retry.',
      ),
      headers: z.object({ 'Retry-After': z.string().meta({ description: 'Seconds to wait.' }) }),
    },
  };
}

const idParams = (what: string) => z.object({ id: z.uuid().meta({ description: `The ${what}'s id.` }) });
const scopesOf = (scopes: readonly ApiScope[]) => `Scope: ${scopes.map((s) => `\`${s}\``).join(' or ')}.`;

/** Every /api/v1 route, in the order the reference page lists them. */
function register(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', 'apiToken', {
    type: 'http',
    scheme: 'bearer',
    description: `An organisation's API token (\`gnt_…\`), created by a hiring manager under API tokens. Scopes: ${API_SCOPES.join(', ')}.`,
  });

  const listScopes: ApiScope[] = ['read:results', 'write:invitations'];
  registry.registerPath({
    method: 'get',
    path: '/assessments',
    operationId: 'listAssessments',
    tags: ['Assessments'],
    summary: "The organisation's assessments",
    description: `${scopesOf(listScopes)} Any scope reaches it: a script that invites needs the ids too.`,
    responses: { 200: json(v1AssessmentListSchema, 'The assessments.'), ...refusals(listScopes, false) },
  });

  registry.registerPath({
    method: 'post',
    path: '/assessments/{id}/invitations',
    operationId: 'inviteCandidate',
    tags: ['Invitations'],
    summary: 'Invite a candidate to an assessment',
    description: `${scopesOf(['write:invitations'])} The candidate gets the invitation email as when a manager invites; the link is in the answer only.`,
    request: {
      params: idParams('assessment'),
      body: { required: true, content: { 'application/json': { schema: v1InvitationRequestSchema } } },
    },
    responses: {
      201: json(v1CreatedInvitationsSchema, 'The invitation, with its link.'),
      400: json(v1ErrorSchema, 'The body is invalid: the message names the field.'),
      409: json(v1ErrorSchema, 'The email is already invited to this assessment (`already_invited`).'),
      ...refusals(['write:invitations'], true),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/assessments/{id}/attempts',
    operationId: 'listAttempts',
    tags: ['Results'],
    summary: "An assessment's candidates, their status and scores",
    description: scopesOf(['read:results']),
    request: { params: idParams('assessment') },
    responses: {
      200: json(v1AssessmentAttemptsSchema, 'The attempts.'),
      ...refusals(['read:results'], true),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/attempts/{id}',
    operationId: 'getAttemptResult',
    tags: ['Results'],
    summary: "One attempt's result",
    description: `${scopesOf(['read:results'])} Hidden checks are counted, never named.`,
    request: { params: idParams('attempt') },
    responses: { 200: json(v1AttemptResultSchema, 'The result.'), ...refusals(['read:results'], true) },
  });
}

let built: OpenApiDocument | undefined;

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod contracts the routes validate and
 * answer with, so the document cannot drift from the code. Built once per process.
 */
export function openApiDocument(): OpenApiDocument {
  if (built) return built;
  const registry = new OpenAPIRegistry();
  register(registry);
  built = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Gauntlet REST API',
      version: '1.0.0',
      description:
        "An organisation's assessments, invitations and results, for scripts and applicant tracking systems. " +
        'Send `Authorization: Bearer gnt_…`; a hiring manager creates tokens under API tokens (each is shown once).',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiToken: [] }],
  });
  return built;
}
