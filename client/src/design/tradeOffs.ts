/**
 * The "why / trade-off" notes of a submitted architecture.json, for the interviewer's review page.
 * Read leniently from the JSON, not through the schema: a design the schema refuses (and the grader
 * fails) still carries the candidate's reasoning, and the interviewer should read it.
 */
import { CLOUDS, serviceOf } from '../../../challenges/_lib/architecture/catalogue.ts';

export interface NotedItem {
  id: string;
  /** `Primary database (RDS for PostgreSQL)` or `Web tier → Primary database (request)`. */
  title: string;
  note: string;
}

export interface TradeOffs {
  notes: string | null;
  components: NotedItem[];
  edges: NotedItem[];
  /** How many components and edges the design has, noted or not. */
  componentCount: number;
  edgeCount: number;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.map(record) : []);

/** The notes of a design's text, or null when it is not a JSON object at all. */
export function tradeOffsOf(source: string): TradeOffs | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const doc = record(parsed);
  const cloud = CLOUDS.find((c) => c === doc.cloud);
  const components = list(doc.components);
  const edges = list(doc.edges);
  const labels = new Map(components.map((c) => [String(c.id), text(c.label) ?? String(c.id)]));
  const labelOf = (id: unknown) => labels.get(String(id)) ?? String(id);
  return {
    notes: text(doc.notes),
    components: components.flatMap((c) => {
      const note = text(c.note);
      if (note === null) return [];
      const service = cloud && typeof c.service === 'string' ? serviceOf(cloud, c.service)?.name : undefined;
      const label = labelOf(c.id);
      const title = service && service !== label ? `${label} (${service})` : label;
      return [{ id: String(c.id), title, note }];
    }),
    edges: edges.flatMap((e) => {
      const note = text(e.note);
      if (note === null) return [];
      return [{ id: String(e.id), title: `${labelOf(e.from)} → ${labelOf(e.to)} (${String(e.kind)})`, note }];
    }),
    componentCount: components.length,
    edgeCount: edges.length,
  };
}
