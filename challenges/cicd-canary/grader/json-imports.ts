import { registerHooks } from 'node:module';

/**
 * @actions/workflow-parser imports its workflow schema as `import schema from "./x.json"`, without the
 * `with { type: "json" }` attribute plain Node requires (it was built for bundlers, which add it). This
 * hook adds the attribute for JSON files inside that package, so the grader runs on plain Node in the
 * sandbox without patching the read-only /node_modules. Vitest (Vite) handles the import on its own.
 */
export function allowWorkflowSchemaImport(): void {
  registerHooks({
    load(url, context, nextLoad) {
      if (url.startsWith('file:') && url.endsWith('.json') && url.includes('/@actions/workflow-parser/')) {
        return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
      }
      return nextLoad(url, context);
    },
  });
}
