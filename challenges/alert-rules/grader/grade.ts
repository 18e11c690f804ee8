/**
 * Entry point inside the sandbox: `node /grader/grade.ts /workspace`. Prints one line, the verdict
 * marker followed by the JSON result. Exit 0 whenever the files could be judged; a crash exits 1 and
 * the platform reports a grader error.
 */
import { gradeWorkspace } from './grade-workspace.ts';

const workspace = process.argv[2] ?? '/workspace';
const marker = process.env.GAUNTLET_VERDICT_MARKER || 'GAUNTLET_VERDICT:';

try {
  const result = await gradeWorkspace(workspace);
  process.stdout.write(`${marker}${JSON.stringify(result)}\n`);
} catch (error) {
  process.stderr.write(`grader error: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
}
