import type { GraderOutput } from './result.ts';

/**
 * The body of a grader's `grade.ts`: grades the folder named on the command line (default
 * /workspace) and prints one line, the verdict marker followed by the JSON result. Exit 0 whenever
 * the files could be judged; a crash exits 1 and the platform reports a grader error.
 */
export async function printVerdict(grade: (dir: string) => Promise<GraderOutput>): Promise<void> {
  const workspace = process.argv[2] ?? '/workspace';
  const marker = process.env.GAUNTLET_VERDICT_MARKER || 'GAUNTLET_VERDICT:';
  try {
    const result = await grade(workspace);
    process.stdout.write(`${marker}${JSON.stringify(result)}\n`);
  } catch (error) {
    process.stderr.write(`grader error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
}
