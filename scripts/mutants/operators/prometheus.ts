/**
 * Mutation operators for Prometheus rule files (`rules/*.yml`): each changes one thing a reviewer
 * of alerting rules would notice: a threshold moved 10 % either way, a comparison turned around, a
 * label matcher dropped, a status-code matcher narrowed or widened, a range window changed, an
 * aggregation made per pod or changed from a sum, the quantile changed, a guard (`and …`) dropped,
 * `for:` shortened, lengthened or dropped, a rule dropped, severity or team changed, an annotation
 * dropped. Expressions are edited token by token, so every mutant is still valid PromQL and valid
 * YAML that promtool loads: what it tests is the grader's judgement, not the parser.
 *
 * Ids are `<operator> <file> <rule> <detail>`, e.g.
 * `prometheus.move-threshold rules/checkout-api.yml CheckoutApiHighErrorRatio 0.05 -> 0.055`, stable
 * for the same input; the order is files by path, then rules as written, then tokens left to right.
 */
import type { MutationOperator } from '../types.ts';
import { deleteYamlNode, setYamlValue } from '../yaml-edit.ts';
import {
  comparisons,
  durationSeconds,
  exprOperator,
  formatDuration,
  formatNumber,
  isRecord,
  join,
  make,
  neighbour,
  type Rule,
  replaced,
  rulesOf,
  type Token,
} from './prometheus-source.ts';

const moveThreshold = exprOperator(
  'prometheus.move-threshold',
  'moves a number compared against (a threshold) 10 % up or down',
  (tokens) =>
    comparisons(tokens).flatMap((op) => {
      let at = neighbour(tokens, op, 1);
      if (tokens[at]?.text === 'bool') at = neighbour(tokens, at, 1);
      if (tokens[at]?.kind !== 'number') at = neighbour(tokens, op, -1);
      const literal = tokens[at];
      if (literal?.kind !== 'number') return [];
      const value = Number(literal.text);
      if (!Number.isFinite(value) || value === 0) return [];
      return [1.1, 0.9].map((factor): [string, string, string] => {
        const moved = formatNumber(value * factor);
        return [
          `${literal.text} -> ${moved} #${at}`,
          `threshold ${literal.text} moved to ${moved}`,
          replaced(tokens, at, moved),
        ];
      });
    }),
);

const FLIPPED: Record<string, string> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=' };
const swapComparison = exprOperator(
  'prometheus.swap-comparison',
  'turns a comparison around (> becomes <)',
  (tokens) =>
    comparisons(tokens).flatMap((op): [string, string, string][] => {
      const from = tokens[op]?.text ?? '';
      const to = FLIPPED[from];
      return to
        ? [[`#${op} ${from} -> ${to}`, `comparison ${from} turned into ${to}`, replaced(tokens, op, to)]]
        : [];
    }),
);

/** Label matchers inside `{…}`: the index of the label name and of the matcher's last token. */
function matchers(
  tokens: readonly Token[],
): { label: number; op: number; value: number; start: number; end: number }[] {
  const found: { label: number; op: number; value: number; start: number; end: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]?.text !== '{') continue;
    let j = i + 1;
    while (j < tokens.length && tokens[j]?.text !== '}') {
      const label = neighbour(tokens, j - 1, 1);
      const op = neighbour(tokens, label, 1);
      const value = neighbour(tokens, op, 1);
      if (tokens[label]?.kind !== 'word' || tokens[value]?.kind !== 'string') break;
      let end = neighbour(tokens, value, 1);
      if (tokens[end]?.text === ',') end = neighbour(tokens, end, 1);
      found.push({ label, op, value, start: label, end });
      j = end;
    }
    i = j;
  }
  return found;
}

const dropMatcher = exprOperator(
  'prometheus.drop-label-matcher',
  'drops one label matcher from a selector',
  (tokens) =>
    matchers(tokens).map((m): [string, string, string] => {
      const text = join(tokens.slice(m.label, m.value + 1));
      const kept = join([...tokens.slice(0, m.start), ...tokens.slice(m.end)]).replace(/,\s*}/g, '}');
      return [`${text} #${m.label}`, `label matcher ${text} dropped`, kept];
    }),
);

const STATUS_LABELS = new Set(['code', 'status', 'status_code']);
const changeStatus = exprOperator(
  'prometheus.change-status-regex',
  'narrows a status-code matcher to 500 only, or widens it to every non-2xx status',
  (tokens) =>
    matchers(tokens).flatMap((m): [string, string, string][] => {
      if (!STATUS_LABELS.has(tokens[m.label]?.text ?? '')) return [];
      const before = join(tokens.slice(m.label, m.value + 1));
      const label = tokens[m.label]?.text ?? 'code';
      const swap = (text: string) =>
        join([...tokens.slice(0, m.label), { kind: 'word', text }, ...tokens.slice(m.value + 1)]);
      return [
        [`${before} -> ${label}="500"`, `${before} narrowed to ${label}="500"`, swap(`${label}="500"`)],
        [`${before} -> ${label}!~"2.."`, `${before} widened to ${label}!~"2.."`, swap(`${label}!~"2.."`)],
      ];
    }),
);

const changeRange = exprOperator(
  'prometheus.change-range',
  'makes a range window three times longer or five times shorter',
  (tokens) =>
    tokens.flatMap((t, i): [string, string, string][] => {
      if (t.kind !== 'duration' || tokens[neighbour(tokens, i, -1)]?.text !== '[') return [];
      const seconds = durationSeconds(t.text);
      return [3, 0.2].flatMap((factor): [string, string, string][] => {
        const next = formatDuration(Math.max(60, seconds * factor));
        return next === t.text
          ? []
          : [
              [
                `[${t.text}] -> [${next}] #${i}`,
                `range [${t.text}] changed to [${next}]`,
                replaced(tokens, i, next),
              ],
            ];
      });
    }),
);

/** Indexes of the `(` opening each `by (…)` clause. */
function groupings(tokens: readonly Token[]): number[] {
  const found: number[] = [];
  tokens.forEach((t, i) => {
    if (t.kind === 'word' && t.text === 'by' && tokens[neighbour(tokens, i, 1)]?.text === '(') {
      found.push(neighbour(tokens, i, 1));
    }
  });
  return found;
}

const perPod = exprOperator(
  'prometheus.aggregate-per-pod',
  'adds instance to a by (…) clause: the aggregation becomes per pod instead of per service',
  (tokens) =>
    groupings(tokens).flatMap((open): [string, string, string][] => {
      const close = tokens.findIndex((t, i) => i > open && t.text === ')');
      const labels = tokens
        .slice(open + 1, close)
        .filter((t) => t.kind === 'word')
        .map((t) => t.text);
      if (close < 0 || labels.includes('instance')) return [];
      const text =
        labels.length === 0 ? 'instance' : `${join(tokens.slice(open + 1, close)).trimEnd()}, instance`;
      const expr = join([...tokens.slice(0, open + 1), { kind: 'word', text }, ...tokens.slice(close)]);
      return [
        [
          `by (${labels.join(', ')}) #${open}`,
          `by (${labels.join(', ')}) made per pod (instance added)`,
          expr,
        ],
      ];
    }),
);

const AGGREGATIONS: Record<string, string> = { sum: 'max', avg: 'max', max: 'avg', min: 'avg' };
const changeAggregation = exprOperator(
  'prometheus.change-aggregation',
  'changes an aggregation operator (sum becomes max, max becomes avg)',
  (tokens) =>
    tokens.flatMap((t, i): [string, string, string][] => {
      const to = AGGREGATIONS[t.text];
      const next = tokens[neighbour(tokens, i, 1)];
      if (
        t.kind !== 'word' ||
        !to ||
        !(next?.text === '(' || next?.text === 'by' || next?.text === 'without')
      )
        return [];
      return [[`${t.text} -> ${to} #${i}`, `${t.text} changed to ${to}`, replaced(tokens, i, to)]];
    }),
);

const changeQuantile = exprOperator(
  'prometheus.change-quantile',
  'changes the quantile of histogram_quantile (0.99 becomes 0.95)',
  (tokens) =>
    tokens.flatMap((t, i): [string, string, string][] => {
      if (t.text !== 'histogram_quantile') return [];
      const open = neighbour(tokens, i, 1);
      const q = neighbour(tokens, open, 1);
      const literal = tokens[q];
      if (tokens[open]?.text !== '(' || literal?.kind !== 'number') return [];
      const to = Number(literal.text) === 0.95 ? '0.9' : '0.95';
      return [
        [`${literal.text} -> ${to}`, `quantile ${literal.text} changed to ${to}`, replaced(tokens, q, to)],
      ];
    }),
);

const dropGuard = exprOperator(
  'prometheus.drop-guard',
  'drops the right-hand side of a top-level and / unless (a guard such as a traffic minimum)',
  (tokens) => {
    let depth = 0;
    const found: [string, string, string][] = [];
    tokens.forEach((t, i) => {
      if (t.text === '(' || t.text === '{' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === '}' || t.text === ']') depth--;
      else if (depth === 0 && t.kind === 'word' && (t.text === 'and' || t.text === 'unless')) {
        const kept = join(tokens.slice(0, i)).trimEnd();
        found.push([`${t.text} #${i}`, `the "${t.text} …" guard dropped`, `${kept}\n`]);
      }
    });
    return found;
  },
);

function ruleOperator(
  name: string,
  description: string,
  edits: (rule: Rule) => [detail: string, what: string, edit: (content: string) => string][],
): MutationOperator {
  return {
    name,
    description,
    apply(files) {
      return rulesOf(files).flatMap((rule) =>
        edits(rule).flatMap(([detail, what, edit]) => make(name, files, rule, detail, what, edit)),
      );
    },
  };
}

const changeFor = ruleOperator(
  'prometheus.change-for',
  'shortens for: to a fifth (at least 1m), makes it three times longer, or drops it',
  (rule) => {
    const value = rule.body.for;
    if (!rule.alert || typeof value !== 'string') return [];
    const seconds = durationSeconds(value);
    const at = { path: [...rule.path, 'for'] };
    const options: [string, string, (c: string) => string][] = [];
    for (const next of [formatDuration(Math.max(60, seconds / 5)), formatDuration(seconds * 3)]) {
      if (next !== value)
        options.push([
          `for ${value} -> ${next}`,
          `for: ${value} changed to ${next}`,
          (c) => setYamlValue(c, at, next),
        ]);
    }
    options.push([`for ${value} dropped`, `for: ${value} dropped`, (c) => deleteYamlNode(c, at)]);
    return options;
  },
);

const dropRule = ruleOperator('prometheus.drop-rule', 'drops a recording or alerting rule', (rule) => {
  const siblings = rulesOf([rule.file]).filter((r) => String(r.path[1]) === String(rule.path[1]));
  // A group keeps at least one rule: promtool refuses an empty rules list only in spirit, but an
  // emptied group is no longer the same file shape.
  if (siblings.length < 2) return [];
  return [
    [
      'dropped',
      rule.alert ? 'alerting rule dropped' : 'recording rule dropped',
      (c) => deleteYamlNode(c, { path: rule.path }),
    ],
  ];
});

const changeLabel = ruleOperator(
  'prometheus.change-routing-label',
  'swaps severity page and ticket, or changes the team label',
  (rule) => {
    if (!rule.alert || !isRecord(rule.body.labels)) return [];
    const { severity, team } = rule.body.labels;
    const edits: [string, string, (c: string) => string][] = [];
    if (severity === 'page' || severity === 'ticket') {
      const to = severity === 'page' ? 'ticket' : 'page';
      edits.push([
        `severity ${severity} -> ${to}`,
        `severity ${severity} changed to ${to}`,
        (c) => setYamlValue(c, { path: [...rule.path, 'labels', 'severity'] }, to),
      ]);
    }
    if (typeof team === 'string') {
      edits.push([
        `team ${team} -> platform`,
        `team ${team} changed to platform`,
        (c) => setYamlValue(c, { path: [...rule.path, 'labels', 'team'] }, 'platform'),
      ]);
    }
    return edits;
  },
);

const dropAnnotation = ruleOperator(
  'prometheus.drop-annotation',
  'drops one annotation of an alert',
  (rule) => {
    if (!rule.alert || !isRecord(rule.body.annotations)) return [];
    return Object.keys(rule.body.annotations).map((key): [string, string, (c: string) => string] => [
      `annotation ${key} dropped`,
      `annotation ${key} dropped`,
      (c) => deleteYamlNode(c, { path: [...rule.path, 'annotations', key] }),
    ]);
  },
);

/** In the order the runner applies them. */
export const operators: MutationOperator[] = [
  moveThreshold,
  swapComparison,
  dropMatcher,
  changeStatus,
  changeRange,
  perPod,
  changeAggregation,
  changeQuantile,
  dropGuard,
  changeFor,
  dropRule,
  changeLabel,
  dropAnnotation,
];
