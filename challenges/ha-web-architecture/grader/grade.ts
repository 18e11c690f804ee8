/**
 * Entry point inside the sandbox: `node /grader/grade.ts /workspace`. Prints one line, the verdict
 * marker followed by the JSON result (see printVerdict).
 */
import { printVerdict } from '../../_lib/grader-kit/verdict.ts';
import { gradeWorkspace } from './grade-workspace.ts';

await printVerdict(gradeWorkspace);
