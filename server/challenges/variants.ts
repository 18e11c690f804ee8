import type { Challenge, PackageFile } from './load.ts';
import {
  defaultValues,
  drawValues,
  literalPattern,
  type ParameterValues,
  renderText,
  type VariantSeed,
  variantVariable,
} from './parameters.ts';

/** Where a grader reads its variant's values (next to grade.ts; the package holds the default's). */
export const PARAMETERS_FILE = 'parameters.json';

/** A variant as staff see it: its seed and what it drew. Never sent to the candidate. */
export interface VariantSummary {
  seed: number | null;
  /** `variant 7 · service orders-api`. */
  label: string;
  values: { name: string; title: string; value: string }[];
}

const renderFiles = (files: readonly PackageFile[], challenge: Challenge, values: ParameterValues) =>
  files.map((f) => ({
    path: renderText(f.path, challenge.manifest.parameters, values),
    content: renderText(f.content, challenge.manifest.parameters, values),
  }));

/** Rendered variants by their drawn values: bounded by the domains, however many seeds are drawn. */
const variants = new WeakMap<Challenge, Map<string, Challenge>>();
const rendered = new WeakSet<Challenge>();

/** Whether this is a seed's rendering rather than the package itself (pre-warmed graders hold the package's). */
export const isRenderedVariant = (challenge: Challenge): boolean => rendered.has(challenge);

/**
 * The challenge as the invitation with this seed gets it: brief, requirements and starter written
 * with the drawn values, the grader given them in grader/parameters.json, and every value (hidden
 * ones too) kept in variantValues for a live environment and its checks. The default variant
 * (no seed, a seed that draws every default, or a challenge without parameters) is the package
 * itself, the very same object.
 */
export function challengeVariant(challenge: Challenge, seed: VariantSeed): Challenge {
  const { manifest } = challenge;
  if (seed === null || manifest.parameters.length === 0) return challenge;
  let byValues = variants.get(challenge);
  if (!byValues) {
    byValues = new Map();
    variants.set(challenge, byValues);
  }
  const values = drawValues(manifest.slug, manifest.parameters, seed);
  const key = JSON.stringify(values);
  // A seed that draws every default has the package's own files: the package itself serves it.
  if (key === JSON.stringify(defaultValues(manifest.parameters))) return challenge;
  const cached = byValues.get(key);
  if (cached) return cached;
  const render = (text: string) => renderText(text, manifest.parameters, values);
  const variant: Challenge = {
    ...challenge,
    variantValues: values,
    manifest: {
      ...manifest,
      title: render(manifest.title),
      summary: render(manifest.summary),
      requirements: manifest.requirements.map((r) => ({ ...r, text: render(r.text) })),
      checks: manifest.checks.map((c) => ({ ...c, title: render(c.title) })),
    },
    brief: render(challenge.brief),
    starter: renderFiles(challenge.starter, challenge, values),
    grader: challenge.grader.map((f) =>
      f.path === PARAMETERS_FILE ? { path: f.path, content: `${JSON.stringify(values, null, 2)}\n` } : f,
    ),
  };
  byValues.set(key, variant);
  rendered.add(variant);
  return variant;
}

/**
 * What a live environment's services and its checks are given of their variant, each in its own
 * exec's environment: every value, hidden ones included, as VARIANT_<NAME>. Never the container's
 * environment (every exec inherits it), so never the candidate's shell: a hidden value is the
 * incident they are there to diagnose.
 */
export function variantEnvironment(challenge: Challenge): Record<string, string> {
  const { parameters } = challenge.manifest;
  const values = challenge.variantValues ?? defaultValues(parameters);
  return Object.fromEntries(parameters.map((p) => [variantVariable(p.name), values[p.name] ?? '']));
}

/** Files of the package (the reference, a fixture) as the variant with this seed has them. */
export function renderVariantFiles(
  challenge: Challenge,
  files: readonly PackageFile[],
  seed: VariantSeed,
): PackageFile[] {
  if (seed === null) return [...files];
  return renderFiles(
    files,
    challenge,
    drawValues(challenge.manifest.slug, challenge.manifest.parameters, seed),
  );
}

/** What staff see of an invitation's variant; null for a challenge without parameters. */
export function variantSummary(challenge: Challenge, seed: VariantSeed): VariantSummary | null {
  const { parameters, slug } = challenge.manifest;
  if (parameters.length === 0) return null;
  const values = drawValues(slug, parameters, seed);
  const list = parameters.map((p) => ({ name: p.name, title: p.title, value: values[p.name] ?? '' }));
  const head = seed === null ? 'default variant' : `variant ${seed}`;
  return { seed, label: [head, ...list.map((v) => `${v.title} ${v.value}`)].join(' · '), values: list };
}

/**
 * What sets a variant's difficulty apart, for its percentile cohort: its hidden values (a live
 * incident's fault is a different problem), or null when they are the default's or it has none.
 * Visible values are names, ports and ranges the brief states: the same task, pooled. The default
 * is null so that a challenge's percentiles before and after it declared parameters agree.
 */
export function difficultyVariant(challenge: Challenge | undefined, seed: VariantSeed): string | null {
  const hidden = challenge?.manifest.parameters.filter((p) => p.hidden) ?? [];
  if (!challenge || hidden.length === 0) return null;
  const values = drawValues(challenge.manifest.slug, hidden, seed);
  if (hidden.every((p) => values[p.name] === p.values[0])) return null;
  return hidden.map((p) => `${p.name}=${values[p.name]}`).join(',');
}

/** The staff's label of the variant an attempt has of one challenge; null when it declares no parameters. */
export const variantLabelOf = (challenge: Challenge | undefined, seed: VariantSeed): string | null =>
  challenge ? (variantSummary(challenge, seed)?.label ?? null) : null;

/**
 * Why a package's parameters could not render safely, or null: a files challenge's grader must read
 * grader/parameters.json holding the default's values, the brief must state every visible default
 * (a parameter the brief never names is not the candidate's to know), no other value may already
 * appear in the brief, the starter or the reference (replacing it back would be ambiguous), and no
 * hidden value may appear in what the candidate reads.
 */
export function parameterProblem(challenge: Challenge, solution: readonly PackageFile[]): string | null {
  const { manifest } = challenge;
  if (manifest.parameters.length === 0) return null;
  // A live environment and its checks read VARIANT_<NAME> (variantEnvironment); a grader, the file.
  if (manifest.mode !== 'live') {
    const file = challenge.grader.find((f) => f.path === PARAMETERS_FILE);
    if (!file) return `parameters: grader/${PARAMETERS_FILE} is missing`;
    let stored: unknown;
    try {
      stored = JSON.parse(file.content);
    } catch {
      return `parameters: grader/${PARAMETERS_FILE} is not JSON`;
    }
    const defaults = defaultValues(manifest.parameters);
    if (JSON.stringify(stored) !== JSON.stringify(defaults)) {
      return `parameters: grader/${PARAMETERS_FILE} must hold the default variant, ${JSON.stringify(defaults)}`;
    }
  }
  const texts = [
    { name: 'BRIEF.md', content: challenge.brief },
    ...challenge.starter.map((f) => ({ name: `starter/${f.path}`, content: `${f.path}\n${f.content}` })),
    ...solution.map((f) => ({ name: `solution/${f.path}`, content: `${f.path}\n${f.content}` })),
  ];
  for (const [index, p] of manifest.parameters.entries()) {
    if (p.hidden) {
      // Never rendered, so never ambiguous; but a brief or file naming one would give the incident away.
      const read = texts.filter((t) => !t.name.startsWith('solution/'));
      const told = p.values.flatMap((v) =>
        read.filter((t) => literalPattern(v).test(t.content)).map((t) => [v, t.name]),
      );
      if (told[0])
        return `parameters.${index}: hidden value ${told[0][0]} appears in ${told[0][1]}, which the candidate reads`;
      continue;
    }
    const literal = p.values[0] ?? '';
    if (!literalPattern(literal).test(challenge.brief)) {
      return `parameters.${index}: BRIEF.md never states ${literal}, so no variant could tell the candidate what ${p.name} is`;
    }
    for (const value of p.values.slice(1)) {
      const clash = texts.find((t) => literalPattern(value).test(t.content));
      if (clash) {
        return `parameters.${index}: ${value} already appears in ${clash.name}, so a variant drawing it would be ambiguous`;
      }
    }
  }
  return null;
}
