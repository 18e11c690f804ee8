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
        return /ObjectName|Path|LogGroupName/.test(variable) ? '.+' : '[^/:]+';
      })
      .join('');
    shape = new RegExp(`^${source}$`, 'i');
    shapes.set(format, shape);
  }
  return shape.test(arn);
}

/**
 * A string both IAM patterns match (`*` any run, `?` one character), or undefined when none exists:
 * a breadth-first walk over pairs of positions, so the first witness found is a shortest one.
 */
export function commonInstance(a: string, b: string): string | undefined {
  const key = `${a}\n${b}`;
  if (!common.has(key)) common.set(key, walk(a, b));
  return common.get(key);
}

const common = new Map<string, string | undefined>();

function walk(a: string, b: string): string | undefined {
  const start = '0,0';
  const previous = new Map<string, { from: string; char: string }>([[start, { from: '', char: '' }]]);
  const queue: [number, number][] = [[0, 0]];
  const visit = (i: number, j: number, from: string, char: string) => {
    const key = `${i},${j}`;
    if (previous.has(key)) return;
    previous.set(key, { from, char });
    queue.push([i, j]);
  };
  for (let next = 0; next < queue.length; next++) {
    const [i, j] = queue[next] as [number, number];
    const here = `${i},${j}`;
    if (i === a.length && j === b.length) {
      let text = '';
      for (let key = here; key !== start; ) {
        const step = previous.get(key) as { from: string; char: string };
        text = step.char + text;
        key = step.from;
      }
      return text;
    }
    const x = a[i];
    const y = b[j];
    if (x === '*') visit(i + 1, j, here, '');
    if (y === '*') visit(i, j + 1, here, '');
    if (x === undefined || y === undefined) continue;
    if (x === '*' && y === '*') continue;
    if (x === '*') visit(i, j + 1, here, y === '?' ? 'x' : y);
    else if (y === '*') visit(i + 1, j, here, x === '?' ? 'x' : x);
    else if (x === '?' || y === '?' || x.toLowerCase() === y.toLowerCase())
      visit(i + 1, j + 1, here, x === '?' ? (y === '?' ? 'x' : y) : x);
  }
  return undefined;
}
