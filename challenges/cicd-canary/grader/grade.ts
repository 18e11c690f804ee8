/**
 * Entry point inside the sandbox: `node /grader/grade.ts /workspace`. Prints one line, the verdict
 * marker followed by the JSON result (see printVerdict).
 */
import { printVerdict } from '../../_lib/grader-kit/verdict.ts';
import { allowWorkflowSchemaImport } from './json-imports.ts';

// The hook must be in place before the parser loads, hence the dynamic import below.
allowWorkflowSchemaImport();
const { gradeWorkspace } = await import('./grade-workspace.ts');

await printVerdict(gradeWorkspace);
