/**
 * Similarity evidence (#17): how long indexing a challenge's submissions takes, cold (every
 * submission parsed, fingerprinted and stored) and warm (all stored), and one review page's
 * similarity read (one attempt against all the others, fragments and replay moments included).
 * Seeds one organisation with SUBMISSIONS terraform-refactor submissions built from the reference
 * and the right fixtures, each with a file of its own. The goal: 500 submissions indexed in < 10 s.
 * Run alone: `node bench/similarity.ts [submissions=500]`, which prints the figures as JSON and, for
 * the default size only, writes bench/similarity.json.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg } from 'node:os';
import path from 'node:path';
import { loadCatalogue, readTree } from '../server/challenges/load.ts';
import { readSimilarity } from '../server/commands/read-similarity.ts';
import { configWith } from '../server/config.ts';
import type { WorkspaceFile } from '../server/contract/api.ts';
import { insertAssessment } from '../server/queries/assessments.ts';
import { insertAttempt } from '../server/queries/attempts.ts';
import { insertGrading } from '../server/queries/gradings.ts';
import { insertInvitation } from '../server/queries/invitations.ts';
import { findStaffById, insertOrganisation, insertStaffUser } from '../server/queries/staff.ts';
import { indexSubmissions } from '../server/similarity/index-submissions.ts';
import { startBenchDatabase } from './bench-database.ts';

const SLUG = 'terraform-refactor';

export interface SimilarityBenchResult {
  submissions: number;
  /** Lines of the submissions, in all. */
  lines: number;
  coldIndexMs: number;
  /** This process's CPU time during the cold index (PostgreSQL's is not in it). */
  coldIndexCpuMs: number;
  /** The machine's one-minute load average at the end: other work slows the wall-clock figures. */
  loadAverage: number;
  warmIndexMs: number;
  reviewReadMs: number;
  goalMs: number;
  metGoal: boolean;
}

/** A submission's own file: resources and variables no other submission has. */
function ownFile(i: number): WorkspaceFile {
  const blocks = Array.from({ length: 6 }, (_, j) => {
    const name = `extra_${i}_${j}_${randomBytes(3).toString('hex')}`;
    return `resource "aws_ssm_parameter" "${name}" {\n  name  = "/app/${name}"\n  type  = "String"\n  value = "${i * 31 + j}"\n  tags  = { owner = "team-${i % 7}", index = "${j}" }\n}\n`;
  });
  return { path: `extra-${i}.tf`, content: blocks.join('\n') };
}

export async function measureSimilarity(options: {
  root: string;
  submissions: number;
  port?: number;
}): Promise<SimilarityBenchResult> {
  const catalogue = await loadCatalogue();
  const challenge = catalogue.challenges.get(SLUG);
  if (!challenge) throw new Error(`${SLUG} is not in the catalogue`);
  const rightDir = path.join(options.root, 'test', 'fixtures', SLUG, 'right');
  const bases = [
    await readTree(path.join(challenge.dir, 'solution')),
    ...(await Promise.all(readdirSync(rightDir).map((name) => readTree(path.join(rightDir, name))))),
  ];
  const database = await startBenchDatabase(options.root, 'similarity', options.port ?? 5483);
  try {
    const db = database.db;
    const organisationId = await insertOrganisation(db, 'Similarity bench');
    const managerId = await insertStaffUser(db, {
      organisationId,
      email: 'manager@similarity.bench',
      name: 'Manager',
      role: 'manager',
      passwordHash: 'not-used',
    });
    const assessmentId = await insertAssessment(db, {
      organisationId,
      title: 'Similarity bench',
      challengeSlugs: [SLUG],
      timeLimitMinutes: 45,
      createdBy: managerId,
    });
    let lines = 0;
    let firstAttempt = '';
    for (let i = 0; i < options.submissions; i++) {
      const invitationId = await insertInvitation(db, {
        organisationId,
        assessmentId,
        candidateName: `Candidate ${i}`,
        candidateEmail: `candidate-${i}@similarity.bench`,
        tokenHash: randomBytes(32),
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      const attemptId = await insertAttempt(db, { organisationId, invitationId, assessmentId });
      firstAttempt ||= attemptId;
      const files = [...(bases[i % bases.length] ?? []), ownFile(i)];
      lines += files.reduce((n, f) => n + f.content.split('\n').length, 0);
      await insertGrading(db, { organisationId, attemptId, challengeSlug: SLUG, kind: 'submit', files });
    }
    let t = performance.now();
    const cpu = process.cpuUsage();
    const cold = await indexSubmissions(db, organisationId, SLUG);
    const coldIndexMs = performance.now() - t;
    const coldIndexCpuMs = process.cpuUsage(cpu).user / 1000;
    if (cold.computed !== options.submissions)
      throw new Error(`indexed ${cold.computed} of ${options.submissions}`);
    t = performance.now();
    const warm = await indexSubmissions(db, organisationId, SLUG);
    const warmIndexMs = performance.now() - t;
    if (warm.computed !== 0) throw new Error('the warm index computed fingerprints again');
    const manager = await findStaffById(db, managerId);
    if (!manager) throw new Error('the bench lost its manager');
    t = performance.now();
    const answer = await readSimilarity({ db, catalogue, config: configWith({}) }, manager, firstAttempt);
    const reviewReadMs = performance.now() - t;
    if (answer.challenges[0]?.compared !== options.submissions - 1)
      throw new Error('the read compared too few');
    const goalMs = 10_000;
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      submissions: options.submissions,
      lines,
      coldIndexMs: round(coldIndexMs),
      coldIndexCpuMs: round(coldIndexCpuMs),
      loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      warmIndexMs: round(warmIndexMs),
      reviewReadMs: round(reviewReadMs),
      goalMs,
      metGoal: coldIndexMs < goalMs,
    };
  } finally {
    await database.stop();
  }
}

/** The section of docs/benchmarks.md. */
export function similaritySection(r: SimilarityBenchResult): string {
  return `
## Similarity evidence

${r.submissions} terraform-refactor submissions (${r.lines} lines) of one organisation, each the
reference or a right fixture plus a file of its own. Goal: ${r.submissions} submissions indexed in
under ${r.goalMs / 1000} s (${r.metGoal ? 'met' : 'NOT met'}).

| measurement | ms |
|---|---|
| index, cold: every submission parsed (tree-sitter), fingerprinted and stored | ${r.coldIndexMs} |
| the same, this process's CPU time (load average ${r.loadAverage} on ${cpus().length} CPUs) | ${r.coldIndexCpuMs} |
| index, warm: every fingerprint read back | ${r.warmIndexMs} |
| one attempt's similarity read (against all others, fragments and replay moments) | ${r.reviewReadMs} |
`;
}

if (import.meta.main) {
  const root = path.resolve(import.meta.dirname, '..');
  const submissions = Number(process.argv[2] ?? 500);
  process.stderr.write(`similarity: indexing ${submissions} submissions…\n`);
  const similarity = await measureSimilarity({ root, submissions });
  const result = {
    measuredAt: new Date().toISOString(),
    machine: { host: hostname(), cpus: cpus().length, node: process.version },
    unit: 'ms',
    similarity,
  };
  if (submissions === 500) {
    writeFileSync(path.join(root, 'bench', 'similarity.json'), `${JSON.stringify(result, null, 2)}\n`);
  } else process.stderr.write('not the default size: bench/similarity.json left as it was\n');
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(similarity.metGoal ? 0 : 1);
}
