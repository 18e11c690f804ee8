/**
 * What an IAM wildcard could stand for: each `*` is filled with strings chosen to step out of the
 * place the pattern seems to mean (another region, another account, a sibling prefix, a suffix such
 * as `-dlq`), and each `?` with one character. Only the first stars get every filler, so a pattern
 * full of stars yields a bounded number of instances.
 */
const FILLERS = ['', 'x', 'us-east-1', '444455556666', 'archive/x', '-dlq'] as const;
const FULLY_FILLED_STARS = 2;
const MAX_INSTANCES = 48;

export function wildcardInstances(pattern: string): string[] {
  const parts = pattern.replaceAll('?', 'x').split('*');
  let partial = [parts[0] ?? ''];
  parts.slice(1).forEach((part, star) => {
    const fillers = star < FULLY_FILLED_STARS ? FILLERS : (['x'] as const);
    partial = partial.flatMap((start) => fillers.map((filler) => `${start}${filler}${part}`));
    partial = partial.slice(0, MAX_INSTANCES);
  });
  return [...new Set(partial)];
}

/** Variables of ARN formats that may hold a slash: object keys and paths. */
const SLASHED = /ObjectName|Path|LogGroupName/;
const shapes = new Map<string, RegExp>();

/**
 * Whether `arn` has the shape of an ARN format of the service reference
 * (`arn:${Partition}:s3:::${BucketName}`): a variable holds no slash unless it is an object key or a
 * path, so an object ARN is not taken for a bucket's.
 */
export function hasFormat(format: string, arn: string): boolean {
  let shape = shapes.get(format);
  if (!shape) {
    const source = format
      .split(/(\$\{[^}]*\})/)
      .map((part) => {
        const variable = /^\$\{([^}]*)\}$/.exec(part)?.[1];
        if (variable === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        return SLASHED.test(variable) ? '.+' : '[^/:]+';
      })
      .join('');
    shape = new RegExp(`^${source}$`, 'i');
    shapes.set(format, shape);
  }
  return shape.test(arn);
}

type Token = { readonly literal: string } | { readonly slash: boolean };

const tokenised = new Map<string, Token[]>();

/** An ARN format as literal characters and variables; a variable holds a slash only if it is a key or a path. */
function tokens(format: string): Token[] {
  let found = tokenised.get(format);
  if (!found) {
    found = format.split(/(\$\{[^}]*\})/).flatMap((part): Token[] => {
      const variable = /^\$\{([^}]*)\}$/.exec(part)?.[1];
      if (variable !== undefined) return [{ slash: SLASHED.test(variable) }];
      return [...part].map((literal) => ({ literal }));
    });
    tokenised.set(format, found);
  }
  return found;
}

const witnesses = new Map<string, string | undefined>();

/**
 * An ARN of the format (`arn:${Partition}:s3:::${BucketName}`) that the IAM pattern matches, or
 * undefined when there is none. A variable is one or more characters without a colon (nor a slash,
 * unless it is an object key or a path). Breadth-first over positions in both, so it is a shortest one.
 */
export function formatWitness(pattern: string, format: string): string | undefined {
  const key = `${pattern}\n${format}`;
  if (!witnesses.has(key)) witnesses.set(key, walk(pattern, tokens(format)));
  return witnesses.get(key);
}

function walk(p: string, t: readonly Token[]): string | undefined {
  // A state is (position in the pattern, token, whether the current variable has a character yet).
  const start = '0,0,0';
  const previous = new Map<string, { from: string; char: string }>([[start, { from: '', char: '' }]]);
  const queue: [number, number, number][] = [[0, 0, 0]];
  const visit = (state: [number, number, number], from: string, char: string) => {
    const key = state.join(',');
    if (previous.has(key)) return;
    previous.set(key, { from, char });
    queue.push(state);
  };
  const fits = (token: Token, char: string) =>
    'literal' in token
      ? token.literal.toLowerCase() === char.toLowerCase()
      : char !== ':' && (token.slash || char !== '/');
  for (let next = 0; next < queue.length; next++) {
    const [i, j, filled] = queue[next] as [number, number, number];
    const here = `${i},${j},${filled}`;
    if (i === p.length && j === t.length) {
      let text = '';
      for (let key = here; key !== start; ) {
        const step = previous.get(key) as { from: string; char: string };
        text = step.char + text;
        key = step.from;
      }
      return text;
    }
    const x = p[i];
    const token = t[j];
    if (x === '*') visit([i + 1, j, filled], here, '');
    if (token && !('literal' in token) && filled) visit([i, j + 1, 0], here, '');
    if (x === undefined || token === undefined) continue;
    const char = 'literal' in token ? token.literal : x === '*' || x === '?' ? 'x' : x;
    if (!fits(token, char) || (x !== '*' && x !== '?' && x.toLowerCase() !== char.toLowerCase())) continue;
    const after: [number, number, number] = 'literal' in token ? [0, j + 1, 0] : [0, j, 1];
    after[0] = x === '*' ? i : i + 1;
    visit(after, here, char);
  }
  return undefined;
}
