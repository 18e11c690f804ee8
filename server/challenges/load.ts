import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import type { ParameterValues } from './parameters.ts';
import { type ChallengeManifest, challengeManifestSchema, type Rubric, rubricSchema } from './schema.ts';
import { parameterProblem } from './variants.ts';

export const CHALLENGES_DIR = path.resolve(import.meta.dirname, '../../challenges');

export interface PackageFile {
  path: string;
  content: string;
}

/** A validated challenge package, read once at start. */
export interface Challenge {
  manifest: ChallengeManifest;
  dir: string;
  brief: string;
  starter: PackageFile[];
  grader: PackageFile[];
  /** Shared grader code the manifest asks for, with paths `<library>/<file>` under challenges/_lib. */
  libraries: PackageFile[];
  /** The interviewer's guide (INTERVIEWER.md at the package's root), never shown to the candidate. */
  interviewerGuide: string | null;
  /** The drawn values when this is one seed's variant (challengeVariant); absent on the package itself. */
  variantValues?: ParameterValues;
}

/** A challenge package (or the rubric) that cannot be used; the message names the file and the field. */
export class ChallengePackageError extends Error {
  override name = 'ChallengePackageError';
}

/** Reads and validates one YAML file, naming the file and the first bad fields on failure. */
async function readYaml<T extends z.ZodType>(file: string, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = YAML.parse(await readFile(file, 'utf8'), { maxAliasCount: 100 });
  } catch (error) {
    throw new ChallengePackageError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ChallengePackageError(`${file}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** Every regular file under `dir`, with paths relative to it, in a stable order. */
export async function readTree(dir: string, maxFiles = 200): Promise<PackageFile[]> {
  const files: PackageFile[] = [];
  const walk = async (relative: string) => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else if (entry.isFile()) {
        if (files.length >= maxFiles) throw new ChallengePackageError(`${dir}: more than ${maxFiles} files`);
        files.push({ path: rel, content: await readFile(path.join(dir, rel), 'utf8') });
      }
    }
  };
  await walk('');
  return files;
}

/** Loads one challenge package from any folder (the catalogue's or a challenge author's). */
export async function loadChallenge(dir: string): Promise<Challenge> {
  const manifestFile = path.join(dir, 'challenge.yaml');
  if (!existsSync(manifestFile)) throw new ChallengePackageError(`${manifestFile}: file is missing`);
  const manifest = await readYaml(manifestFile, challengeManifestSchema);
  for (const required of ['BRIEF.md', 'starter', 'grader']) {
    if (!existsSync(path.join(dir, required))) {
      throw new ChallengePackageError(
        `${path.join(dir, required)}: required by every challenge package, missing`,
      );
    }
  }
  const [brief, starter, grader] = await Promise.all([
    readFile(path.join(dir, 'BRIEF.md'), 'utf8'),
    readTree(path.join(dir, 'starter')),
    readTree(path.join(dir, 'grader')),
  ]);
  const missingIds = manifest.requirements.filter((r) => !brief.includes(r.id)).map((r) => r.id);
  if (missingIds.length > 0) {
    throw new ChallengePackageError(
      `${path.join(dir, 'BRIEF.md')}: requirements ${missingIds.join(', ')} of challenge.yaml are not in the brief`,
    );
  }
  const libraries: PackageFile[] = [];
  for (const name of manifest.sandbox.libraries) {
    const libDir = path.join(CHALLENGES_DIR, '_lib', name);
    if (!existsSync(libDir)) {
      throw new ChallengePackageError(
        `${manifestFile}: sandbox.libraries: ${name} is not a folder of ${path.dirname(libDir)}`,
      );
    }
    for (const file of await readTree(libDir))
      libraries.push({ path: `${name}/${file.path}`, content: file.content });
  }
  const script = manifest.live?.checks.script;
  if (script && !grader.some((f) => f.path === script)) {
    throw new ChallengePackageError(`${manifestFile}: live.checks.script: grader/${script} is missing`);
  }
  for (const [index, complication] of (manifest.live?.complications ?? []).entries()) {
    if (!grader.some((f) => f.path === complication.script)) {
      throw new ChallengePackageError(
        `${manifestFile}: live.complications.${index}.script: challenge ${manifest.slug}'s complication ${complication.id} names grader/${complication.script}, which is missing`,
      );
    }
  }
  const guideFile = path.join(dir, 'INTERVIEWER.md');
  const interviewerGuide = existsSync(guideFile) ? await readFile(guideFile, 'utf8') : null;
  const challenge = { manifest, dir, brief, starter, grader, libraries, interviewerGuide };
  if (manifest.parameters.length > 0) {
    const solutionDir = path.join(dir, 'solution');
    const problem = parameterProblem(challenge, existsSync(solutionDir) ? await readTree(solutionDir) : []);
    if (problem) throw new ChallengePackageError(`${manifestFile}: ${problem}`);
  }
  return challenge;
}

export interface Catalogue {
  rubric: Rubric;
  /** What assessments are built from. A practice package is never here. */
  challenges: Map<string, Challenge>;
  /** The practice candidates may try before starting the clock (`practice: true`), if there is one. */
  practice?: Challenge | undefined;
}

/** Loads the rubric and every package under `root`; refuses the whole catalogue on one bad package. */
export async function loadCatalogue(root = CHALLENGES_DIR): Promise<Catalogue> {
  const rubric = await readYaml(path.join(root, 'rubric.yaml'), rubricSchema);
  const challenges = new Map<string, Challenge>();
  let practice: Challenge | undefined;
  for (const entry of (await readdir(root)).sort()) {
    const dir = path.join(root, entry);
    if (!(await stat(dir)).isDirectory() || entry.startsWith('_') || entry.startsWith('.')) continue;
    const challenge = await loadChallenge(dir);
    if (challenge.manifest.slug !== entry) {
      throw new ChallengePackageError(
        `${path.join(dir, 'challenge.yaml')}: slug ${challenge.manifest.slug} must match its folder name ${entry}`,
      );
    }
    if (!challenge.manifest.practice) challenges.set(entry, challenge);
    else if (practice)
      throw new ChallengePackageError(
        `${path.join(dir, 'challenge.yaml')}: practice: ${practice.manifest.slug} is the practice already; there is one`,
      );
    else practice = challenge;
  }
  return { rubric, challenges, practice };
}
