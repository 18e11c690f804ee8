import { monaco } from './monacoSetup.ts';

/**
 * The Monaco language for a workspace path, from Monaco's own registry: exact file names first
 * (`Dockerfile`), then the longest matching extension (`.tf` is HCL, `.yml` YAML), else plain text.
 */
export function languageForPath(path: string): string {
  const name = (path.split('/').pop() ?? path).toLowerCase();
  const languages = monaco.languages.getLanguages();
  const byName = languages.find((lang) => lang.filenames?.some((f) => f.toLowerCase() === name));
  if (byName) return byName.id;
  let best = { id: 'plaintext', length: 0 };
  for (const lang of languages) {
    for (const extension of lang.extensions ?? []) {
      const ext = extension.toLowerCase();
      if (ext.length > best.length && name.endsWith(ext)) best = { id: lang.id, length: ext.length };
    }
  }
  return best.id;
}
