/**
 * The module the platform's pre-warmed sandbox imports (challenge.yaml `sandbox.warm`): the same
 * gradeWorkspace as grade.ts, with the JSON-import hook installed before the parser loads.
 */
import { allowWorkflowSchemaImport } from './json-imports.ts';

allowWorkflowSchemaImport();
const loaded = await import('./grade-workspace.ts');

export const gradeWorkspace = loaded.gradeWorkspace;
