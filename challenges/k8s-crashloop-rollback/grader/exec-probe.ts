/**
 * What an exec probe's command connects to, when that can be shown. The kubelet runs the command
 * inside the container and counts exit status 0 as success, so a command only probes the app when
 * its exit status is that of an HTTP or TCP client reaching the app's port on the pod's loopback.
 * Anything else (`true`, `cat /tmp/healthy`, `curl … || true`) succeeds or fails for reasons the
 * grader cannot show, and a guarded probe treats that as not probing the app.
 */
export interface ExecTarget {
  readonly client: 'curl' | 'wget' | 'nc';
  readonly scheme: 'http' | 'https' | 'tcp';
  readonly host: string;
  readonly port: number;
  /** The request path (HTTP clients); undefined for a TCP connect. */
  readonly path: string | undefined;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The connection the command's exit status reports on, or a reason it reports on none. */
export function execTarget(command: unknown): ExecTarget | string {
  if (!Array.isArray(command) || command.length === 0 || !command.every((a) => typeof a === 'string')) {
    return 'it has no command';
  }
  const argv = command as string[];
  const program = basename(argv[0] ?? '');
  if (SHELLS.has(program)) {
    const flag = argv[1] ?? '';
    if (!/^-[a-z]*c[a-z]*$/.test(flag) || argv[2] === undefined) return 'it runs a shell without a command';
    return scriptTarget(argv[2]);
  }
  return clientTarget(argv);
}

/** True when the target is the app's plain-HTTP or TCP listener on the pod's own loopback. */
export function onLoopback(target: ExecTarget): boolean {
  return LOOPBACK.has(target.host);
}

/**
 * A `sh -c` script: only a single client command, optionally followed by `|| exit N` (N ≠ 0) or
 * `|| false`, keeps the client's failure as the script's. Redirections are allowed.
 */
function scriptTarget(script: string): ExecTarget | string {
  const tokens = shellWords(script);
  if (tokens === undefined) return 'its shell script could not be read';
  const words = tokens.filter((t) => !/^\d*[<>]&?\S*$/.test(t) && t !== '/dev/null');
  const split = words.findIndex((w) => ['||', '&&', ';', '|', '&'].includes(w));
  const command = split === -1 ? words : words.slice(0, split);
  // `exec curl …` replaces the shell with the client: same exit status.
  const client = command[0] === 'exec' ? command.slice(1) : command;
  const rest = split === -1 ? [] : words.slice(split);
  const failsWithClient =
    rest.length === 0 ||
    (rest[0] === '||' &&
      ((rest.length === 2 && rest[1] === 'false') ||
        (rest.length === 3 && rest[1] === 'exit' && /^[1-9]\d*$/.test(rest[2] ?? ''))));
  if (!failsWithClient) {
    return `its script does more than one command (${rest.join(' ')}), so its exit status is not the client's`;
  }
  return clientTarget(client);
}

function clientTarget(argv: readonly string[]): ExecTarget | string {
  const program = basename(argv[0] ?? '');
  const args = argv.slice(1);
  if (program === 'curl') {
    // Without --fail curl exits 0 on an HTTP error status, so a failing /healthz would pass.
    const fails = args.some((a) => a === '--fail' || a === '--fail-with-body' || /^-[a-zA-Z]*f/.test(a));
    if (!fails) return 'curl without --fail exits 0 on an HTTP error, so the probe cannot fail';
    return urlTarget('curl', args);
  }
  if (program === 'wget') return urlTarget('wget', args);
  if (program === 'nc' || program === 'ncat') {
    const positional = args.filter((a) => !a.startsWith('-'));
    const [host = '', portText = ''] = positional;
    if (!/^\d+$/.test(portText)) return 'nc names no port';
    return { client: 'nc', scheme: 'tcp', host: host.toLowerCase(), port: Number(portText), path: undefined };
  }
  return `it runs ${program || 'nothing'}, which does not connect to the app`;
}

function urlTarget(client: 'curl' | 'wget', args: readonly string[]): ExecTarget | string {
  const text = args.find((a) => /^https?:\/\//i.test(a));
  if (!text) return `${client} names no http:// URL`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${client}'s URL ${text} is not a URL`;
  }
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port === '' ? (scheme === 'https' ? 443 : 80) : Number(url.port);
  return { client, scheme, host: url.hostname.toLowerCase(), port, path: url.pathname };
}

/** Splits a shell script into words: quotes and backslashes as sh reads them, no expansions. */
function shellWords(script: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < script.length; i += 1) {
    const char = script[i] ?? '';
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < script.length) word += script[++i];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (char === '\\' && i + 1 < script.length) {
      word += script[++i];
      started = true;
    } else if (char === '&' && (word.endsWith('>') || word.endsWith('<'))) {
      word += char; // 2>&1: a redirection, not a background job
    } else if (/\s/.test(char) || ';|&'.includes(char)) {
      if (started) words.push(word);
      word = '';
      started = false;
      if (!/\s/.test(char)) {
        const next = script[i + 1];
        const pair = (char === '|' || char === '&') && next === char;
        words.push(pair ? char + char : char);
        if (pair) i += 1;
      }
    } else {
      word += char;
      started = true;
    }
  }
  if (quote) return undefined;
  if (started) words.push(word);
  return words;
}

function basename(program: string): string {
  return program.split('/').at(-1) ?? '';
}
