/**
 * Records the real grader's verdict on every file set the demo candidates check or submit, into
 * verdicts.json beside this file, so `npm start` stores real gradings without waiting for a sandbox.
 * Run it again whenever a demo session or the grader changes (the demo test says when):
 *   node server/demo/record-verdicts.ts
 * The grader is the challenge's own entry point, run on this machine's Node over the demo's own
 * (trusted) files: the same code and verdict as in the sandbox, without the container.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHALLENGES_DIR, loadCatalogue } from '../challenges/load.ts';
import { demoCandidates } from './candidates.ts';
import { filesKey, type WorkspaceFiles } from './session.ts';
import type { RecordedVerdict } from './verdicts.ts';

const MARKER = 'GAUNTLET_VERDICT_DEMO:';

function grade(slug: string, files: WorkspaceFiles): RecordedVerdict {
  const dir = mkdtempSync(path.join(tmpdir(), 'gauntlet-demo-'));
  try {
    for (const file of files) {
      mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
      writeFileSync(path.join(dir, file.path), file.content);
    }
    const started = performance.now();
    const stdout = execFileSync(process.execPath, [path.join(CHALLENGES_DIR, slug, 'grader/grade.ts'), dir], {
      env: { ...process.env, GAUNTLET_VERDICT_MARKER: MARKER },
      encoding: 'utf8',
    });
    const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
    if (!line) throw new Error(`${slug}: the grader printed no verdict`);
    return { verdict: line.slice(MARKER.length), wallMs: Math.round(performance.now() - started) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const catalogue = await loadCatalogue();
const verdicts: Record<string, RecordedVerdict> = {};
for (const { slug, candidates } of demoCandidates(catalogue)) {
  for (const candidate of candidates) {
    for (const step of candidate.steps) {
      // A live challenge's checks judge the running system: record-incident.ts records those.
      if ((step.kind !== 'run' && step.kind !== 'submit') || step.verdict) continue;
      const key = filesKey(slug, step.files);
      verdicts[key] ??= grade(slug, step.files);
      process.stdout.write(`${candidate.name} ${step.kind} @${Math.round(step.atMs / 1000)} s: ${key}\n`);
    }
  }
}
writeFileSync(path.join(import.meta.dirname, 'verdicts.json'), `${JSON.stringify(verdicts, null, 2)}\n`);
