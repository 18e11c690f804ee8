import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../server/api/openapi.ts';
import { createTestApiToken } from '../support/api-tokens.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startAppWithRoutes } from '../support/matrix-app.ts';
import { registeredRoutes } from '../support/route-table.ts';
import { send } from '../support/send.ts';
import { createTwoOrganisations, type TwoOrganisations } from '../support/two-organisations.ts';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
const BASE = 'https://gauntlet.test/schemas/';

let database: TestDatabase;
let app: Awaited<ReturnType<typeof startAppWithRoutes>>;
let world: TwoOrganisations;
// The document as a client reads it: the JSON the server answers.
let doc: Json;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await startAppWithRoutes(database.db);
  world = await createTwoOrganisations(app.deps);
  const answer = await send(app.baseUrl, { method: 'GET', path: '/api/v1/openapi.json' });
  expect(answer.status).toBe(200);
  doc = answer.body;
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

const object = (value: unknown): Json => {
  expect(typeof value === 'object' && value !== null && !Array.isArray(value), JSON.stringify(value)).toBe(
    true,
  );
  return value as Json;
};

/** Every operation of the document, as [path, method, operation]. */
function operations(): [string, string, Json][] {
  return Object.entries(object(doc.paths)).flatMap(([path, item]) =>
    METHODS.filter((m) => m in object(item)).map((m): [string, string, Json] => [
      path,
      m,
      object(object(item)[m]),
    ]),
  );
}

/** Every `$ref` anywhere in a value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
}

/** A JSON pointer into the document (`#/components/schemas/X`), or undefined. */
function resolve(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Json)[key] : undefined), doc);
}

/** Component refs rewritten to absolute ids, so Ajv resolves them among the added component schemas. */
const absolute = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${BASE}`));

/** Ajv for JSON Schema 2020-12 (OpenAPI 3.1's dialect), checking each schema against the meta-schema. */
function schemaValidator() {
  // strict: false, since OpenAPI adds keywords of its own (example, discriminator) to its schemas.
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  const components = object(object(doc.components).schemas);
  for (const [name, schema] of Object.entries(components))
    ajv.addSchema(absolute(schema) as Json, `${BASE}${name}`);
  return ajv;
}

describe('the OpenAPI document', () => {
  it('is served as the same document openApiDocument() builds from the zod contracts', () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('is an OpenAPI 3.1 document: version, info, servers, paths of operations with described responses', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const info = object(doc.info);
    expect(typeof info.title).toBe('string');
    expect(typeof info.version).toBe('string');
    expect(doc.servers).toEqual([{ url: '/api/v1' }]);
    // OpenAPI 3.1 allows only these top-level fields (and x- extensions).
    const allowed = [
      'openapi',
      'info',
      'jsonSchemaDialect',
      'servers',
      'paths',
      'webhooks',
      'components',
      'security',
      'tags',
      'externalDocs',
    ];
    for (const key of Object.keys(doc)) expect(allowed.includes(key) || key.startsWith('x-'), key).toBe(true);
    const ids = new Set<string>();
    expect(operations().length).toBeGreaterThanOrEqual(4);
    for (const [path, method, operation] of operations()) {
      expect(path).toMatch(/^\//);
      expect(typeof operation.operationId, `${method} ${path}`).toBe('string');
      expect(ids.has(String(operation.operationId)), `${operation.operationId} repeats`).toBe(false);
      ids.add(String(operation.operationId));
      const responses = object(operation.responses);
      expect(Object.keys(responses).length).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(responses)) {
        expect(status, `${method} ${path}`).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
        expect(typeof object(response).description, `${method} ${path} ${status}`).toBe('string');
      }
    }
  });

  it('declares every path parameter its template names, required, and no other', () => {
    for (const [path, method, operation] of operations()) {
      const named = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = ((operation.parameters ?? []) as Json[])
        .map((p) => object('$ref' in p ? resolve(String(p.$ref)) : p))
        .filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort(), `${method} ${path}`).toEqual(named.sort());
      for (const p of declared) expect(p.required, `${method} ${path} ${p.name}`).toBe(true);
    }
  });

  it('resolves every $ref and names only security schemes it defines', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
    const schemes = Object.keys(object(object(doc.components).securitySchemes));
    const required = [doc.security, ...operations().map(([, , o]) => o.security)]
      .flatMap((s) => (Array.isArray(s) ? s : []))
      .flatMap((r) => Object.keys(object(r)));
    expect(required.length).toBeGreaterThan(0);
    for (const name of required) expect(schemes).toContain(name);
    expect(object(object(object(doc.components).securitySchemes).apiToken)).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('has only valid JSON Schema 2020-12 schemas (no OpenAPI 3.0 nullable)', () => {
    const ajv = schemaValidator();
    expect(JSON.stringify(doc)).not.toContain('"nullable"');
    let compiled = 0;
    for (const [path, method, operation] of operations()) {
      const jsonSchema = (holder: unknown) =>
        holder === undefined ? undefined : object(object(holder).content ?? {})['application/json'];
      const schemas = [
        ...((operation.parameters ?? []) as Json[]).map((p) => p.schema),
        object(jsonSchema(operation.requestBody) ?? {}).schema,
        ...Object.values(object(operation.responses)).map((r) => object(jsonSchema(r) ?? {}).schema),
      ].filter((s) => s !== undefined);
      for (const schema of schemas) {
        expect(() => ajv.compile(absolute(schema) as Json), `${method} ${path}`).not.toThrow();
        compiled++;
      }
    }
    expect(compiled).toBeGreaterThan(20);
  });

  it('documents every /api/v1 route the app registers, and no route it does not', () => {
    const registered = registeredRoutes(app.app)
      .filter((r) => r.includes(' /api/v1/') && r !== 'GET /api/v1/openapi.json')
      .map((r) => {
        const [method = '', path = ''] = r.split(' ');
        return `${method.toLowerCase()} ${path.replace('/api/v1', '').replace(/:(\w+)/g, '{$1}')}`;
      });
    const documented = operations().map(([path, method]) => `${method} ${path}`);
    expect(registered.length).toBeGreaterThanOrEqual(4);
    expect(documented.sort()).toEqual(registered.sort());
  });
});

describe('real answers against the documented schemas', () => {
  /** Organisation 1's records for each documented path's parameter. */
  const pathsOf = (path: string): string[] => {
    if (path === '/assessments/{id}/attempts' || path === '/assessments/{id}/invitations')
      return [path.replace('{id}', world.org1.assessmentId)];
    if (path === '/attempts/{id}')
      return [world.candidateA.attemptId, world.submittedAttemptId, world.pendingAttemptId].map((id) =>
        path.replace('{id}', id),
      );
    expect(path).not.toContain('{');
    return [path];
  };

  const validate = (schema: unknown, body: unknown) => {
    const check = schemaValidator().compile(absolute(schema) as Json);
    return check(body) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };

  const schemaOf = (operation: Json, status: string) =>
    object(object(object(object(operation.responses)[status]).content)['application/json']).schema;

  it('answers every GET route with a body its 200 schema accepts, and refusals with the Error schema', async () => {
    const token = await createTestApiToken(database.db, world.org1, ['admin']);
    const gets = operations().filter(([, method]) => method === 'get');
    expect(gets.length).toBeGreaterThanOrEqual(3);
    for (const [path, , operation] of gets) {
      for (const real of pathsOf(path)) {
        const answer = await send(app.baseUrl, {
          method: 'GET',
          path: `/api/v1${real}`,
          headers: token.headers,
        });
        expect(answer.status, real).toBe(200);
        expect(validate(schemaOf(operation, '200'), answer.body), real).toEqual([]);
        // Not vacuous: the schema refuses an answer without its fields.
        expect(validate(schemaOf(operation, '200'), {}), real).not.toEqual([]);
        const refused = await send(app.baseUrl, { method: 'GET', path: `/api/v1${real}` });
        expect(refused.status).toBe(401);
        expect(validate(schemaOf(operation, '401'), refused.body), real).toEqual([]);
      }
    }
  });

  it('answers an invitation with a body its 201 schema accepts, from a body its request schema accepts', async () => {
    const token = await createTestApiToken(database.db, world.org1, ['write:invitations']);
    const operation = object(object(object(doc.paths)['/assessments/{id}/invitations']).post);
    const body = {
      candidateName: 'Documented',
      candidateEmail: 'documented@example.com',
      timeZone: 'Europe/Berlin',
    };
    const requestSchema = object(object(object(operation.requestBody).content)['application/json']).schema;
    expect(validate(requestSchema, body)).toEqual([]);
    expect(validate(requestSchema, { ...body, isAdmin: true })).not.toEqual([]);
    const [path = ''] = pathsOf('/assessments/{id}/invitations');
    const answer = await send(app.baseUrl, {
      method: 'POST',
      path: `/api/v1${path}`,
      headers: token.headers,
      json: body,
    });
    expect(answer.status).toBe(201);
    expect(validate(schemaOf(operation, '201'), answer.body)).toEqual([]);
  });
});

describe('the reference page', () => {
  it('loads only same-origin files, with no inline script, under a CSP without unsafe-inline scripts', async () => {
    const response = await fetch(`${app.baseUrl}/api/docs`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(2);
    for (const [, attributes = '', body = ''] of scripts) {
      expect(body.trim()).toBe('');
      expect(attributes).toMatch(/src="\/api\/docs\//);
    }
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(sources.length).toBe(3);
    for (const source of sources) {
      expect(source).toMatch(/^\/api\/docs\//);
      const asset = await fetch(`${app.baseUrl}${source}`);
      expect([source, asset.status]).toEqual([source, 200]);
      expect(asset.headers.get('content-type')).toMatch(/^text\/(javascript|css)/);
      expect((await asset.text()).length).toBeGreaterThan(100);
    }
    const init = await (await fetch(`${app.baseUrl}/api/docs/init.js`)).text();
    expect(init).toContain("url: '/api/v1/openapi.json'");
  });

  it('serves no other file of the swagger-ui package (its petstore page, or a path out of it)', async () => {
    for (const file of [
      'index.html',
      'swagger-initializer.js',
      'package.json',
      '..%2F..%2Fpackage.json',
      'constructor',
    ]) {
      const answer = await send(app.baseUrl, { method: 'GET', path: `/api/docs/assets/${file}` });
      expect([file, answer.status, answer.body?.error?.id]).toEqual([file, 404, 'not_found']);
    }
  });
});
