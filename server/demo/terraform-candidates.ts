/**
 * The demo's candidates on the Terraform refactor, written from the challenge's own files: one
 * types their way from the starter to the reference solution, one fixes the worst of the starter
 * in place and runs out of steam part-way through the refactor.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHALLENGES_DIR } from '../challenges/load.ts';
import { type SessionStep, SessionWriter, type WorkspaceFiles } from './session.ts';

export const TERRAFORM_SLUG = 'terraform-refactor';

export interface DemoCandidate {
  name: string;
  email: string;
  /** When they started, in hours before the seed ran: a day of interviews, not one instant. */
  startedHoursAgo: number;
  steps: SessionStep[];
  /** A live challenge's environment: how long it took to start (its record is stored ended). */
  environmentReadyMs?: number;
  review?: {
    recommendation: 'strong_yes' | 'yes' | 'no' | 'strong_no';
    summary: string;
    ratings: Record<string, number>;
  };
}

const solution = (file: string) =>
  readFileSync(path.join(CHALLENGES_DIR, TERRAFORM_SLUG, 'solution', file), 'utf8');

/** The solution in the order a careful candidate writes it: foundations, resources, module, wiring. */
const SOLUTION_ORDER = [
  'versions.tf',
  'providers.tf',
  'variables.tf',
  'terraform.tfvars',
  'network.tf',
  'security.tf',
  'storage.tf',
  'modules/web_server/versions.tf',
  'modules/web_server/variables.tf',
  'modules/web_server/main.tf',
  'modules/web_server/outputs.tf',
  'web.tf',
  'outputs.tf',
] as const;

/** Writes the reference solution over ~35 minutes: a paste, a look at the docs, three check runs. */
function strongSession(starter: WorkspaceFiles): SessionStep[] {
  const s = new SessionWriter(TERRAFORM_SLUG, starter, 'demo/ada').pause(60_000, 120_000);
  for (const file of SOLUTION_ORDER) {
    s.createFile(file).typeFile(file, solution(file), 65);
    if (file === 'storage.tf') s.run();
    if (file === 'modules/web_server/variables.tf') s.away(90_000, 150_000);
    if (file === 'web.tf') s.run();
  }
  // The moved blocks are mechanical: written in a scratch buffer and pasted in one go.
  s.createFile('moved.tf').paste('moved.tf', solution('moved.tf'));
  s.deleteFile('main.tf').run().submit();
  return s.steps;
}

/** Removes the leaked keys, closes SSH, starts the variables and stops half-way, then submits. */
function partialSession(starter: WorkspaceFiles): SessionStep[] {
  const s = new SessionWriter(TERRAFORM_SLUG, starter, 'demo/ben').pause(120_000, 240_000);
  s.replace('main.tf', '  access_key = "AKIAFAKE0EXAMPLE0KEY"\n', '');
  s.replace('main.tf', '  secret_key = "fAkE0sEcReT0kEy0dO0nOt0UsE0eXaMpLe000000"\n', '');
  s.run();
  const ssh = (starter[0]?.content ?? '').indexOf('description = "SSH"');
  s.replace('main.tf', '"0.0.0.0/0"', '"10.0.0.0/8"', Math.max(0, ssh - 100));
  s.away(180_000, 300_000);
  const variables = solution('variables.tf');
  const cut = variables.indexOf('\n}\n', variables.length / 3) + 3;
  s.createFile('variables.tf').typeFile('variables.tf', variables.slice(0, cut), 260);
  s.replace('main.tf', 'region     = "eu-west-1"', 'region     = var.region');
  s.run().pause(240_000, 420_000).submit();
  return s.steps;
}

/** The Terraform refactor's demo candidates, given the challenge's starter files. */
export function terraformCandidates(starter: WorkspaceFiles): DemoCandidate[] {
  return [
    {
      name: 'Ada Okafor',
      email: 'ada@example.com',
      startedHoursAgo: 27,
      steps: strongSession(starter),
      review: {
        recommendation: 'strong_yes',
        summary:
          'Wrote the variables and providers first, packaged the web server as a module, and pasted ' +
          'the moved blocks last so the plan destroys nothing. Ran the checks as she went. (demo)',
        ratings: { iac: 4, security: 4, architecture: 3, operations: 4 },
      },
    },
    {
      name: 'Ben Hughes',
      email: 'ben@example.com',
      startedHoursAgo: 5,
      steps: partialSession(starter),
    },
  ];
}
