/**
 * `architecture.json`: a design as data. One zod schema read by the canvas (client/src/design), which
 * refuses to save what it refuses, and by the graph grader, which reports the same messages as
 * diagnostics. Structure is checked here (names from the catalogue, ids that resolve, properties a
 * service takes); whether the design is any good is the grader's business.
 */
import { z } from 'zod';
import { CLOUDS, type Cloud, PROPERTIES, REGIONS, serviceOf } from './catalogue.ts';

export const ARCHITECTURE_FILE = 'architecture.json';
export const MAX_COMPONENTS = 100;
export const MAX_EDGES = 300;
export const MAX_NOTE = 600;

export const EDGE_KINDS = ['request', 'replication', 'async', 'backup'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

const id = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be lowercase letters, digits and dashes, starting with a letter');
const note = z.string().max(MAX_NOTE).optional();

export const componentSchema = z.strictObject({
  id,
  /** A palette id of the document's cloud (catalogue.ts). */
  service: z.string().min(1).max(40),
  label: z.string().min(1).max(60),
  /** A region of the document's `regions`; required unless the service is global. */
  region: z.string().max(40).optional(),
  /** For zonal services: the zones (of `region`) it runs in. */
  zones: z.array(z.string().max(40)).min(1).max(6).optional(),
  /** For services inside a network: whether it sits in a public or a private subnet. */
  network: z.enum(['public', 'private']).optional(),
  /** How many instances (nodes, tasks, concurrent executions) it scales between. */
  instances: z
    .strictObject({ min: z.number().int().min(0).max(100_000), max: z.number().int().min(1).max(100_000) })
    .refine((n) => n.min <= n.max, { message: 'min must not exceed max' })
    .optional(),
  /** A size of the service (tables.ts gives its capacity and price). */
  size: z.string().max(40).optional(),
  /** Managed failover to a standby in another zone (Multi-AZ, regional HA, replica failover). */
  ha: z.boolean().optional(),
  readReplicas: z.number().int().min(0).max(15).optional(),
  backups: z
    .strictObject({
      enabled: z.boolean(),
      retentionDays: z.number().int().min(0).max(35),
      pointInTime: z.boolean(),
    })
    .optional(),
  /** For object storage: whether anyone on the internet may read it. */
  publicAccess: z.boolean().optional(),
  /** Why this component, and what it trades away. Read by the interviewer, never scored. */
  note,
  /** Where the canvas draws it; ignored by the grader. */
  position: z.strictObject({ x: z.number().finite(), y: z.number().finite() }).optional(),
});
export type Component = z.infer<typeof componentSchema>;

export const edgeSchema = z.strictObject({
  id,
  from: id,
  to: id,
  kind: z.enum(EDGE_KINDS),
  note,
});
export type Edge = z.infer<typeof edgeSchema>;

export const architectureSchema = z
  .strictObject({
    version: z.literal(1),
    cloud: z.enum(CLOUDS),
    /** Regions the design uses. */
    regions: z.array(z.string().max(40)).min(1).max(3),
    components: z.array(componentSchema).min(1).max(MAX_COMPONENTS),
    edges: z.array(edgeSchema).max(MAX_EDGES),
    /** The design's overall trade-offs, in the candidate's words. Never scored. */
    notes: z.string().max(4000).optional(),
  })
  .superRefine((doc, ctx) => {
    const regions = REGIONS[doc.cloud];
    doc.regions.forEach((region, index) => {
      if (!(region in regions)) {
        ctx.addIssue({
          code: 'custom',
          path: ['regions', index],
          message: `${region} is not a region of ${doc.cloud} here (one of ${Object.keys(regions).join(', ')})`,
        });
      }
      if (doc.regions.indexOf(region) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: ['regions', index],
          message: `region ${region} is listed twice`,
        });
      }
    });
    const ids = new Set<string>();
    doc.components.forEach((component, index) => {
      if (ids.has(component.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['components', index, 'id'],
          message: `duplicate component id ${component.id}`,
        });
      }
      ids.add(component.id);
      for (const issue of componentIssues(doc.cloud, doc.regions, component)) {
        ctx.addIssue({ code: 'custom', path: ['components', index, ...issue.path], message: issue.message });
      }
    });
    if (doc.components.filter((c) => c.service === 'internet').length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: 'must hold exactly one "internet" component: the users every request starts from',
      });
    }
    const edgeIds = new Set<string>();
    doc.edges.forEach((edge, index) => {
      if (edgeIds.has(edge.id) || ids.has(edge.id)) {
        ctx.addIssue({ code: 'custom', path: ['edges', index, 'id'], message: `duplicate id ${edge.id}` });
      }
      edgeIds.add(edge.id);
      for (const end of ['from', 'to'] as const) {
        if (!ids.has(edge[end])) {
          ctx.addIssue({
            code: 'custom',
            path: ['edges', index, end],
            message: `edge ${edge.id} ${end === 'from' ? 'starts at' : 'ends at'} ${edge[end]}, which is no component`,
          });
        }
      }
      if (edge.from === edge.to) {
        ctx.addIssue({
          code: 'custom',
          path: ['edges', index, 'to'],
          message: `edge ${edge.id} joins ${edge.from} to itself`,
        });
      }
    });
  });
export type Architecture = z.infer<typeof architectureSchema>;

interface Issue {
  path: (string | number)[];
  message: string;
}

/** What is structurally wrong with one component of a `cloud` design using `regions`. */
export function componentIssues(cloud: Cloud, regions: readonly string[], component: Component): Issue[] {
  const entry = serviceOf(cloud, component.service);
  if (!entry)
    return [{ path: ['service'], message: `${component.service} is not a ${cloud} service of the palette` }];
  const issues: Issue[] = [];
  const name = `${component.id} (${entry.name})`;
  for (const property of PROPERTIES) {
    if (component[property] !== undefined && !entry.properties.includes(property)) {
      issues.push({ path: [property], message: `${name} has no property ${property}` });
    }
  }
  if (entry.scope === 'global') {
    if (component.region !== undefined)
      issues.push({ path: ['region'], message: `${name} is global: it has no region` });
  } else if (component.region === undefined) {
    issues.push({ path: ['region'], message: `${name} needs a region` });
  } else if (!regions.includes(component.region)) {
    issues.push({
      path: ['region'],
      message: `${name} is in ${component.region}, which is not one of the design's regions`,
    });
  } else if (component.zones) {
    const known = REGIONS[cloud][component.region] ?? [];
    component.zones.forEach((zone, index) => {
      if (!known.includes(zone)) {
        issues.push({
          path: ['zones', index],
          message: `${name}: ${zone} is not a zone of ${component.region}`,
        });
      } else if (component.zones?.indexOf(zone) !== index) {
        issues.push({ path: ['zones', index], message: `${name}: zone ${zone} is listed twice` });
      }
    });
  }
  if (entry.scope === 'zonal' && component.zones === undefined) {
    issues.push({ path: ['zones'], message: `${name} runs in zones: list at least one` });
  }
  if (component.size !== undefined && !entry.sizes.includes(component.size)) {
    issues.push({
      path: ['size'],
      message: `${name}: ${component.size} is not a size of ${entry.name} (one of ${entry.sizes.join(', ')})`,
    });
  }
  return issues;
}

/**
 * Reads architecture.json's text: the document, or the problems with it, each with the JSON path
 * it concerns (for the canvas to point at and the grader to turn into diagnostics).
 */
export function parseArchitecture(
  text: string,
): { ok: true; architecture: Architecture } | { ok: false; problems: Issue[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: [], message: `not JSON: ${(error as Error).message}` }] };
  }
  const parsed = architectureSchema.safeParse(value);
  if (parsed.success) return { ok: true, architecture: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.slice(0, 50).map((issue) => ({
      path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
      message: issue.message,
    })),
  };
}
