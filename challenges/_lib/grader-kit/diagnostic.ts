import { clip, MAX_MESSAGE } from './clip.ts';

/** A problem with a file of the workspace, as the platform's graderOutputSchema describes it. */
export interface Diagnostic {
  file: string;
  line: number;
  column?: number;
  message: string;
}

/** `file` or `file line N`: where a diagnostic points (line 0 means the whole file). */
export function whereOf(diagnostic: Diagnostic): string {
  return `${diagnostic.file}${diagnostic.line > 0 ? ` line ${diagnostic.line}` : ''}`;
}

/** The diagnostic with its file name and message clipped to the platform's limits. */
export function clipDiagnostic(diagnostic: Diagnostic): Diagnostic {
  return { ...diagnostic, file: clip(diagnostic.file, 500), message: clip(diagnostic.message, MAX_MESSAGE) };
}
