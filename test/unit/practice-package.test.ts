import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHALLENGES_DIR, loadCatalogue } from '../../server/challenges/load.ts';
import { challengeManifestSchema } from '../../server/challenges/schema.ts';
import { presentPracticeCheck } from '../../server/practice/present.ts';
import { presentCatalogue } from '../../server/presenters/catalogue.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A catalogue folder with the rubric, the practice and the packages named. */
async function catalogueOf(...packages: string[]): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'gauntlet-practice-'));
  dirs.push(root);
  await cp(path.join(CHALLENGES_DIR, 'rubric.yaml'), path.join(root, 'rubric.yaml'));
  for (const name of packages)
    await cp(path.join(CHALLENGES_DIR, name), path.join(root, name), { recursive: true });
  return root;
}

describe('the practice package', () => {
  it('loads as the practice, never as a catalogue challenge, so no assessment or staff list offers it', async () => {
    const catalogue = await loadCatalogue();
    expect(catalogue.practice?.manifest).toMatchObject({
      slug: 'practice-warm-up',
      practice: true,
      mode: 'live',
    });
    expect([...catalogue.challenges.values()].some((c) => c.manifest.practice)).toBe(false);
    expect(JSON.stringify(presentCatalogue(catalogue))).not.toContain('practice-warm-up');
  });

  it('refuses a second practice package, naming both', async () => {
    const root = await catalogueOf('practice-warm-up');
    await cp(path.join(root, 'practice-warm-up'), path.join(root, 'practice-two'), { recursive: true });
    const manifest = path.join(root, 'practice-two', 'challenge.yaml');
    await writeFile(
      manifest,
      (await readFile(manifest, 'utf8')).replace('slug: practice-warm-up', 'slug: practice-two'),
    );
    // Folders load in name order: practice-two first, so practice-warm-up is the one refused.
    await expect(loadCatalogue(root)).rejects.toThrow(
      /practice-warm-up\/challenge\.yaml: practice: practice-two is the practice already/,
    );
  });

  it('refuses practice on anything but a live challenge', () => {
    const parsed = challengeManifestSchema.safeParse({
      slug: 'files-practice',
      title: 'Files practice',
      summary: 'A practice',
      mode: 'files',
      practice: true,
      level: 'junior',
      timeLimitMinutes: 10,
      dimensions: ['iac'],
      sandbox: { image: 'grader-node', command: ['node', '/grader/grade.ts'] },
      requirements: [{ id: 'R1', text: 'one' }],
      checks: [{ id: 'first', title: 'First', dimension: 'iac', visible: true, covers: ['R1'] }],
    });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(
      ['practice: is only for mode: live'],
    );
  });

  it("shows the candidate only visible checks' verdicts and messages: no score, evidence or hidden check", () => {
    const check = {
      dimension: 'operations' as const,
      weight: 1,
      covers: ['R1'],
      score: 1,
      evidence: ['secret'],
    };
    const shown = presentPracticeCheck(
      {
        kind: 'judged',
        checks: [
          { ...check, id: 'seen', title: 'Seen', visible: true, passed: true, message: 'fine' },
          { ...check, id: 'unseen', title: 'Hidden title', visible: false, passed: false, message: 'hidden' },
        ],
        diagnostics: [],
        score: 50,
        wallMs: 10,
      },
      new Date('2026-12-02T17:00:00Z'),
    );
    expect(shown).toEqual({
      ranAt: '2026-12-02T17:00:00.000Z',
      checks: [{ id: 'seen', title: 'Seen', passed: true, message: 'fine' }],
      error: null,
    });
    expect(
      presentPracticeCheck({ kind: 'infrastructure_error', error: 'engine down' }, new Date(0)).error,
    ).toBe('The check could not run: engine down');
  });
});
