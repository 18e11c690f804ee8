import type { RefactorGrading } from './context.ts';

/**
 * Where a block is, for messages: `file line N` when the block's header is found in the file's text,
 * the file alone otherwise (Terraform's JSON syntax has no block headers to point at).
 */
export function whereBlock(
  grading: RefactorGrading,
  file: string,
  keyword: string,
  labels: readonly string[],
): string {
  const line = lineOf(grading.texts.get(file), keyword, labels);
  return line === undefined ? file : `${file} line ${line}`;
}

/** `file line N, aws_x.name` for a resource block. */
export function whereResource(
  grading: RefactorGrading,
  resource: { readonly file: string; readonly type: string; readonly name: string },
): string {
  return whereBlock(grading, resource.file, 'resource', [resource.type, resource.name]);
}

function lineOf(text: string | undefined, keyword: string, labels: readonly string[]): number | undefined {
  if (text === undefined) return undefined;
  const header = [keyword, ...labels.map((l) => `"${escapeRegExp(l)}"`)].join('\\s+');
  const pattern = new RegExp(`^\\s*${header}\\s*\\{`);
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  return index < 0 ? undefined : index + 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
