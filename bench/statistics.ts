/**
 * Are percentiles, calibration and check statistics cheap enough to compute on read? Seeds one
 * organisation with ATTEMPTS submitted, graded attempts of two challenges, each reviewed by two of
 * five interviewers, then times each read (median of RUNS). Run: node bench/statistics.ts [attempts]
 */
import path from 'node:path';
import { loadCatalogue } from '../server/challenges/load.ts';
import { calibratePanel } from '../server/commands/calibrate-panel.ts';
import { readCheckStatistics } from '../server/commands/read-check-statistics.ts';
import { readPercentiles } from '../server/commands/read-percentiles.ts';
import {
  listGradedDimensionScores,
  listGradedSubmissions,
  listPanelRatings,
} from '../server/queries/statistics.ts';
import { startBenchDatabase } from './bench-database.ts';

/** What the seeding cannot do without: a missing one is a broken benchmark. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the benchmark lost ${what}`);
  return value;
}

const ROOT = path.resolve(import.meta.dirname, '..');
const ATTEMPTS = Number(process.argv[2] ?? 3000);
const RUNS = 7;
const SLUGS = ['terraform-refactor', 'cicd-canary'];
const DIMENSIONS = ['architecture', 'iac', 'cicd', 'security', 'operations'];

const catalogue = await loadCatalogue();
const bench = await startBenchDatabase(ROOT, 'statistics', 55_437);
try {
  const { db } = bench;
  const org = (
    await db.query<{ id: string }>(`insert into organisations (name) values ('Bench') returning id`)
  ).rows.map((r) => r.id)[0] as string;
  const staff = [];
  for (let i = 0; i < 5; i++) {
    staff.push(
      (
        await db.query<{ id: string }>(
          `insert into staff_users (organisation_id, email, name, role, password_hash)
           values ($1, $2, $3, 'interviewer', 'x') returning id`,
          [org, `i${i}@bench.example`, `Interviewer ${i}`],
        )
      ).rows.map((r) => r.id)[0] as string,
    );
  }
  const assessment = (
    await db.query<{ id: string }>(
      `insert into assessments (organisation_id, title, challenge_slugs, time_limit_minutes)
       values ($1, 'Bench', $2, 60) returning id`,
      [org, SLUGS],
    )
  ).rows.map((r) => r.id)[0] as string;
  const { rows: attempts } = await db.query<{ id: string }>(
    `with i as (
       insert into invitations (organisation_id, assessment_id, candidate_name, candidate_email, token_hash, expires_at)
       select $1, $2, 'C' || n, 'c' || n || '@bench.example', gen_random_bytes(32), now() + interval '7 days'
       from generate_series(1, $3) n returning id)
     insert into attempts (organisation_id, invitation_id, assessment_id, started_at, deadline_at, submitted_at)
     select $1, i.id, $2, now(), now() + interval '1 hour', now() from i returning id`,
    [org, assessment, ATTEMPTS],
  );
  for (const slug of SLUGS) {
    const declared = must(catalogue.challenges.get(slug), slug).manifest.checks;
    for (let start = 0; start < attempts.length; start += 500) {
      const batch = attempts.slice(start, start + 500).map((a) => {
        const checks = declared.map((c) => {
          const score = Math.random() < 0.6 ? 1 : Math.random() < 0.5 ? 0.5 : 0;
          return { ...c, passed: score === 1, score, message: 'm', evidence: [] };
        });
        const total = checks.reduce((n, c) => n + c.weight, 0);
        const score = Math.round((checks.reduce((n, c) => n + c.weight * c.score, 0) / total) * 10_000) / 100;
        return { attempt: a.id, checks, score };
      });
      await db.query(
        `insert into gradings (organisation_id, attempt_id, challenge_slug, kind, status, files, score, checks)
         select $1, x.attempt, $2, 'submit', 'done', '[]'::jsonb, x.score, x.checks
         from jsonb_to_recordset($3::jsonb) as x(attempt uuid, score numeric, checks jsonb)`,
        [org, slug, JSON.stringify(batch)],
      );
    }
  }
  // The worker keeps attempt_scores; here it is computed once from the inserted verdicts.
  await db.query(
    `insert into attempt_scores (attempt_id, dimension, score, check_count)
     select g.attempt_id, c->>'dimension',
       round((100 * sum((c->>'weight')::float8 * (c->>'score')::float8) / sum((c->>'weight')::float8))::numeric, 2),
       count(*)
     from gradings g cross join lateral jsonb_array_elements(g.checks) c
     where g.organisation_id = $1 group by g.attempt_id, c->>'dimension'`,
    [org],
  );
  for (const [n, a] of attempts.entries()) {
    for (const reviewer of [must(staff[n % 5], 'a reviewer'), must(staff[(n + 1) % 5], 'a reviewer')]) {
      const lenient = reviewer === staff[0] ? 1 : 0;
      await db.query(
        `with r as (insert into reviews (organisation_id, attempt_id, reviewer_id, recommendation)
                    values ($1, $2, $3, 'yes') returning id)
         insert into review_ratings (review_id, dimension, rating)
         select r.id, d, least(4, 1 + floor(random() * 3)::int + $5) from r, unnest($4::text[]) d`,
        [org, a.id, reviewer, DIMENSIONS, lenient],
      );
    }
  }
  const time = async (label: string, read: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await read();
      samples.push(performance.now() - started);
    }
    samples.sort((x, y) => x - y);
    console.log(
      `${label}: median ${must(samples[RUNS >> 1], 'a sample').toFixed(1)} ms, max ${must(samples.at(-1), 'a sample').toFixed(1)} ms`,
    );
  };
  console.log(`${ATTEMPTS} graded attempts, ${ATTEMPTS * 2} submissions, ${ATTEMPTS * 10} ratings`);
  await time('percentiles', () => readPercentiles(db, catalogue, org));
  await time('  their SQL: submissions', () => listGradedSubmissions(db, org));
  await time('  their SQL: dimension scores', () => listGradedDimensionScores(db, org));
  await time('  calibration SQL: ratings', () => listPanelRatings(db, org));
  await time('calibration', () => calibratePanel(db, org));
  await time('check statistics', () => readCheckStatistics(db, catalogue, org));
} finally {
  await bench.stop();
}
