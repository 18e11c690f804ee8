/**
 * AWS credentials have recognisable shapes, which secret scanners (gitleaks, trufflehog) look for: an
 * access key id is AKIA or ASIA and 16 more characters; a secret access key is 40 characters of base64,
 * found next to its name in scripts, env files and credentials files. Applied to file text and to
 * evaluated values alike.
 */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
const NAMED_SECRET = /\w*secret\w*["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;

/** The credentials in `text`, each described with only enough of it to recognise it. */
export function secretsIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(ACCESS_KEY_ID)) {
    found.push(`an AWS access key id (${match[0].slice(0, 8)}…)`);
  }
  for (const match of text.replaceAll('-', '_').matchAll(NAMED_SECRET)) {
    found.push(`an AWS secret access key ("${(match[1] ?? '').slice(0, 4)}…")`);
  }
  return found;
}
