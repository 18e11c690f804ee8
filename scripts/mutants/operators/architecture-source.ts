/**
 * What the architecture design operators work on: architecture.json read into its components and
 * edges, and the edit that keeps every mutant a document the schema accepts (the JSON is
 * re-serialised whole, never edited as text). The operators are in architecture.ts.
 */
import type { Mutant, MutationOperator, SubmissionFile } from '../types.ts';

export interface DesignComponent {
  id: string;
  service: string;
  region?: string;
  zones?: string[];
  network?: 'public' | 'private';
  instances?: { min: number; max: number };
  size?: string;
  ha?: boolean;
  readReplicas?: number;
  backups?: { enabled: boolean; retentionDays: number; pointInTime: boolean };
  publicAccess?: boolean;
  [key: string]: unknown;
}

export interface DesignEdge {
  id: string;
  from: string;
  to: string;
  kind: string;
  [key: string]: unknown;
}

export interface Design {
  cloud: 'aws' | 'gcp';
  regions: string[];
  components: DesignComponent[];
  edges: DesignEdge[];
  [key: string]: unknown;
}

/** One architecture document among the files. */
export interface DesignSite {
  readonly file: SubmissionFile;
  readonly design: Design;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The design in `file`, when it is a JSON document with components and edges. */
export function designOf(file: SubmissionFile): Design | undefined {
  if (!file.path.endsWith('.json')) return undefined;
  try {
    const parsed: unknown = JSON.parse(file.content);
    if (!isRecord(parsed) || !Array.isArray(parsed.components) || !Array.isArray(parsed.edges))
      return undefined;
    return parsed as Design;
  } catch {
    return undefined;
  }
}

/** Every design document among the files, in file order. */
export function designsOf(files: readonly SubmissionFile[]): DesignSite[] {
  return files.flatMap((file) => {
    const design = designOf(file);
    return design ? [{ file, design }] : [];
  });
}

/** The whole submission with the site's design replaced by `change(copy)`. */
export function rewriteDesign(
  files: readonly SubmissionFile[],
  site: DesignSite,
  change: (design: Design) => void,
): SubmissionFile[] {
  const design = structuredClone(site.design);
  change(design);
  const content = `${JSON.stringify(design, null, 2)}\n`;
  return files.map((file) => (file === site.file ? { path: file.path, content } : file));
}

/** The whole submission with one component changed in place. */
export function rewriteComponent(
  files: readonly SubmissionFile[],
  site: DesignSite,
  id: string,
  change: (component: DesignComponent) => void,
): SubmissionFile[] {
  return rewriteDesign(files, site, (design) => {
    const component = design.components.find((c) => c.id === id);
    if (component) change(component);
  });
}

/** A mutant named `<operator> <file> <object> <change>`. */
export function designMutant(
  operator: string,
  site: DesignSite,
  where: string,
  description: string,
  files: SubmissionFile[],
): Mutant {
  return {
    id: `${operator} ${site.file.path} ${where}`,
    operator,
    description: `${site.file.path} ${description}`,
    files,
  };
}

/** An operator built from a function listing, per design, the mutants it makes. */
export function designOperator(
  name: string,
  description: string,
  each: (site: DesignSite, files: readonly SubmissionFile[]) => Mutant[],
): MutationOperator {
  return { name, description, apply: (files) => designsOf(files).flatMap((site) => each(site, files)) };
}

/** An operator that mutates components one at a time. */
export function componentOperator(
  name: string,
  description: string,
  each: (component: DesignComponent, site: DesignSite, files: readonly SubmissionFile[]) => Mutant[],
): MutationOperator {
  return designOperator(name, description, (site, files) =>
    site.design.components.flatMap((component) => each(component, site, files)),
  );
}
