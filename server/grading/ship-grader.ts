/**
 * Graders are written in TypeScript. Node strips the types itself, but loading its stripper (a
 * WebAssembly build of swc) costs about 0.2 CPU-seconds in every fresh grader process, which is
 * every grading: the sandbox never reuses a container. So the platform strips each package's
 * TypeScript once, when a grading first needs it, and ships plain ES modules (`.mjs`), with the
 * relative `.ts` imports renamed to match. Types are replaced by spaces, so every line and column
 * (and a grader's stack trace) stays where it was in the source.
 */
import { stripTypeScriptTypes } from 'node:module';

export interface ShippedFile {
  path: string;
  content: string;
}

/** `x.ts` → `x.mjs`; anything else as it is. */
export const shippedName = (file: string): string =>
  file.endsWith('.ts') ? `${file.slice(0, -3)}.mjs` : file;

// `from './x.ts'`, `import './x.ts'`, `import('./x.ts')`: relative specifiers only (packages are JavaScript).
const RELATIVE_TS_SPECIFIER = /((?:\bfrom|\bimport)\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]+)\.ts\2/g;

/** One TypeScript module as the JavaScript module the sandbox runs. */
export function shipModule(source: string): string {
  return stripTypes(source).replace(
    RELATIVE_TS_SPECIFIER,
    (_all, lead: string, quote: string, stem: string) => `${lead}${quote}${stem}.mjs${quote}`,
  );
}

function stripTypes(source: string): string {
  // Node warns once that this API is experimental; it is the stripper Node itself runs graders (and
  // this server) with, and the pinned Node 24 is the one the images carry, so the warning says
  // nothing an operator can act on.
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return stripTypeScriptTypes(source, { mode: 'strip' });
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** A package as shipped: its files, and where a file of the source (an entry point) now is. */
export interface ShippedPackage {
  files: ShippedFile[];
  /** `/grader/grade.ts` → `/grader/grade.mjs` when the package was stripped. */
  pathOf(file: string): string;
}

/**
 * Every file to ship: `.ts` modules stripped and renamed, other files as they are. A package whose
 * TypeScript cannot be stripped (a syntax error, an enum) ships as written, so Node in the sandbox
 * reports it as a grader error, as it would have.
 */
export function shipPackage(files: readonly ShippedFile[]): ShippedPackage {
  try {
    return {
      files: files.map((f) =>
        f.path.endsWith('.ts') ? { path: shippedName(f.path), content: shipModule(f.content) } : f,
      ),
      pathOf: shippedName,
    };
  } catch {
    return { files: [...files], pathOf: (file) => file };
  }
}
