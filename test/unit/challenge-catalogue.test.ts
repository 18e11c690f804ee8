import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHALLENGES_DIR, loadCatalogue, loadChallenge } from '../../server/challenges/load.ts';
import { PROBE_DIR } from '../support/probe.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A catalogue folder with the real rubric and a copy of the probe challenge, edited by `edit`. */
async function catalogueWith(edit: (challengeDir: string) => Promise<void>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'gauntlet-catalogue-'));
  dirs.push(root);
  await cp(path.join(CHALLENGES_DIR, 'rubric.yaml'), path.join(root, 'rubric.yaml'));
  await cp(PROBE_DIR, path.join(root, 'contract-probe'), { recursive: true });
  await edit(path.join(root, 'contract-probe'));
  return root;
}

async function replaceIn(file: string, from: string, to: string) {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${from} not in ${file}`);
  await writeFile(file, text.replace(from, to));
}

describe('the challenge catalogue', () => {
  it('loads every package of the real catalogue with a valid rubric', async () => {
    const catalogue = await loadCatalogue();
    expect(catalogue.challenges.has('terraform-refactor')).toBe(true);
    expect(catalogue.rubric.dimensions).toHaveLength(5);
  });

  it('refuses a package whose check covers no requirement, naming the file and the field', async () => {
    const root = await catalogueWith((dir) =>
      replaceIn(path.join(dir, 'challenge.yaml'), 'covers: [R1]', 'covers: []'),
    );
    await expect(loadCatalogue(root)).rejects.toThrow(
      `${path.join(root, 'contract-probe', 'challenge.yaml')}: checks.0.covers: check has-mode covers no requirement`,
    );
  });

  it('refuses a package whose requirement is covered by no check', async () => {
    const root = await catalogueWith((dir) =>
      replaceIn(path.join(dir, 'challenge.yaml'), 'covers: [R2]', 'covers: [R1]'),
    );
    await expect(loadCatalogue(root)).rejects.toThrow(
      /challenge\.yaml: requirements\.1\.id: requirement R2 is covered by no check/,
    );
  });

  it('refuses a brief that does not mention a requirement', async () => {
    const root = await catalogueWith((dir) =>
      replaceIn(path.join(dir, 'BRIEF.md'), '- R2: Keep it secret.', ''),
    );
    await expect(loadCatalogue(root)).rejects.toThrow(
      /BRIEF\.md: requirements R2 of challenge\.yaml are not in the brief/,
    );
  });

  it('refuses a slug that differs from its folder, and a wrong type', async () => {
    const slug = await catalogueWith((dir) =>
      replaceIn(path.join(dir, 'challenge.yaml'), 'slug: contract-probe', 'slug: other'),
    );
    await expect(loadCatalogue(slug)).rejects.toThrow(/slug other must match its folder name contract-probe/);
    const type = await catalogueWith((dir) =>
      replaceIn(path.join(dir, 'challenge.yaml'), 'timeLimitMinutes: 10', 'timeLimitMinutes: soon'),
    );
    await expect(loadCatalogue(type)).rejects.toThrow(/challenge\.yaml: timeLimitMinutes: /);
  });

  it('refuses a live package whose complication script is not in grader/, naming the challenge and the path', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'gauntlet-catalogue-'));
    dirs.push(root);
    const dir = path.join(root, 'pegged-database');
    await cp(path.join(CHALLENGES_DIR, 'pegged-database'), dir, { recursive: true });
    await replaceIn(
      path.join(dir, 'challenge.yaml'),
      'script: complications/second-runaway-query.sh',
      'script: complications/third-runaway.sh',
    );
    await expect(loadChallenge(dir)).rejects.toThrow(
      `${path.join(dir, 'challenge.yaml')}: live.complications.0.script: challenge pegged-database's complication second-runaway-query names grader/complications/third-runaway.sh, which is missing`,
    );
  });

  it('reads the interviewer’s guide when the package has one, and null when it has none', async () => {
    const root = await catalogueWith(async (dir) => {
      await writeFile(path.join(dir, 'INTERVIEWER.md'), '# Interviewer guide\n\nAsk why.\n');
    });
    const withGuide = await loadChallenge(path.join(root, 'contract-probe'));
    expect(withGuide.interviewerGuide).toBe('# Interviewer guide\n\nAsk why.\n');
    const without = await catalogueWith(async () => {});
    expect((await loadChallenge(path.join(without, 'contract-probe'))).interviewerGuide).toBeNull();
  });
});
