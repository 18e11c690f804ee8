/**
 * The tree-sitter grammars similarity parses with, loaded once per process from their `.wasm`
 * files (no native build): HCL for Terraform, YAML, and JSON (Terraform's JSON syntax included).
 */
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

export const GRAMMARS = ['hcl', 'yaml', 'json'] as const;
export type Grammar = (typeof GRAMMARS)[number];

const require = createRequire(import.meta.url);
const WASM: Record<Grammar, string> = {
  hcl: '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm',
  yaml: '@tree-sitter-grammars/tree-sitter-yaml/tree-sitter-yaml.wasm',
  json: 'tree-sitter-json/tree-sitter-json.wasm',
};

/** The grammar a file is parsed with, by its name; null for files compared as plain text. */
export function grammarOf(path: string): Grammar | null {
  const name = path.toLowerCase();
  if (name.endsWith('.tf') || name.endsWith('.tfvars') || name.endsWith('.hcl')) return 'hcl';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  if (name.endsWith('.json')) return 'json';
  return null;
}

export type Parsers = Record<Grammar, Parser>;
let loading: Promise<Parsers> | null = null;

/** One parser per grammar, shared by the process (parsing is synchronous, so sharing is safe). */
export function loadParsers(): Promise<Parsers> {
  loading ??= (async () => {
    await Parser.init();
    const entries = await Promise.all(
      GRAMMARS.map(async (grammar) => {
        const parser = new Parser();
        parser.setLanguage(await Language.load(require.resolve(WASM[grammar])));
        return [grammar, parser] as const;
      }),
    );
    return Object.fromEntries(entries) as Parsers;
  })();
  return loading;
}
