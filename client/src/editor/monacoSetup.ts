/**
 * Wires the bundled `monaco-editor` into `@monaco-editor/react`, so nothing is ever fetched from a
 * CDN, and tells Monaco how to start its web workers. Imported only by the lazy editor chunk.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';

self.MonacoEnvironment = {
  // JSON (policies, tfvars.json) gets its language service; everything else uses the basic worker.
  getWorker(_workerId: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

// Monaco's TypeScript, CSS and HTML language services each expect their own worker, which
// getWorker above does not start; switching them off keeps those files highlighted (by Monaco's
// tokenizers) without a broken worker. Infrastructure challenges are HCL, YAML, JSON and shell.
for (const defaults of [
  monaco.typescript.typescriptDefaults,
  monaco.typescript.javascriptDefaults,
  monaco.css.cssDefaults,
  monaco.css.scssDefaults,
  monaco.css.lessDefaults,
  monaco.html.htmlDefaults,
  monaco.html.handlebarDefaults,
  monaco.html.razorDefaults,
]) {
  defaults.setModeConfiguration({});
}

loader.config({ monaco });

export { monaco };
