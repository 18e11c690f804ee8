import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { entries, literalString } from './tokens.ts';

export type Access = 'read' | 'write' | 'none';
/** A GITHUB_TOKEN's permissions by scope; a scope that is not listed has no access. */
export type Permissions = ReadonlyMap<string, Access>;

/** Every scope `write-all` grants (GitHub's list for the GITHUB_TOKEN). */
const SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
];

/**
 * Reads a `permissions:` value. `read-all` grants read on every scope but id-token (which has no read
 * level); `write-all` grants write on all. An absent block means the repository's default token,
 * which older repositories still set to read and write everything: it is judged as `write-all`.
 */
export function permissionsOf(token: TemplateToken | undefined): Permissions {
  if (!token) return allScopes('write');
  const shorthand = literalString(token);
  if (shorthand === 'read-all')
    return new Map(SCOPES.filter((s) => s !== 'id-token').map((s) => [s, 'read']));
  if (shorthand === 'write-all') return allScopes('write');
  const result = new Map<string, Access>();
  for (const [scope, value] of entries(token)) {
    const access = literalString(value);
    if (access === 'read' || access === 'write' || access === 'none') result.set(scope, access);
  }
  return result;
}

function allScopes(access: Access): Permissions {
  return new Map(SCOPES.map((s) => [s, access]));
}

export function writeScopes(permissions: Permissions): string[] {
  return [...permissions].filter(([, access]) => access === 'write').map(([scope]) => scope);
}

const LEVEL: Record<Access, number> = { none: 0, read: 1, write: 2 };

/**
 * A called workflow's token can only be narrower than its caller's: each scope gets the lower of what
 * the called job asks for and what the caller has.
 */
export function capPermissions(asked: Permissions, cap: Permissions): Permissions {
  const result = new Map<string, Access>();
  for (const [scope, access] of asked) {
    const allowed = cap.get(scope) ?? 'none';
    result.set(scope, LEVEL[access] <= LEVEL[allowed] ? access : allowed);
  }
  return result;
}
