import { isMap, isSeq, type Node } from 'yaml';
import type { RuleFile } from './workspace.ts';
import { MAX_ALIASES } from './workspace.ts';

/** One rule of a group, located in its file. */
export interface RuleEntry {
  readonly file: string;
  readonly line: number;
  readonly group: string;
  /** 1-based position in its group, as promtool numbers rules in its messages. */
  readonly index: number;
  /** The rule's mapping as the YAML parser read it. */
  readonly value: Readonly<Record<string, unknown>>;
}

/** An alerting rule (`alert:`), with what the label and annotation checks read. */
export interface AlertRule extends RuleEntry {
  readonly name: string;
  readonly labels: Readonly<Record<string, unknown>>;
  readonly annotations: Readonly<Record<string, unknown>>;
}

/**
 * Every rule of every group, in file order. Tolerant of any shape: it also runs before promtool has
 * accepted the files, to put line numbers on promtool's messages.
 */
export function ruleEntries(files: readonly RuleFile[]): RuleEntry[] {
  const entries: RuleEntry[] = [];
  for (const file of files) {
    if (!file.document) continue;
    const data: unknown = file.document.toJS({ maxAliasCount: MAX_ALIASES });
    const groupsNode = isMap(file.document.contents) ? file.document.contents.get('groups', true) : undefined;
    const groups = record(data).groups;
    if (!Array.isArray(groups)) continue;
    groups.forEach((group: unknown, g) => {
      const groupNode = itemNode(groupsNode, g);
      const rulesNode = isMap(groupNode) ? groupNode.get('rules', true) : undefined;
      const { name, rules } = record(group);
      if (!Array.isArray(rules)) return;
      rules.forEach((rule: unknown, r) => {
        const node = itemNode(rulesNode, r) ?? groupNode;
        entries.push({
          file: file.path,
          line: node?.range ? file.lines.linePos(node.range[0]).line : 0,
          group: typeof name === 'string' ? name : String(name),
          index: r + 1,
          value: record(rule),
        });
      });
    });
  }
  return entries;
}

/** The alerting rules among `entries` (recording rules only feed them). */
export function alertRules(entries: readonly RuleEntry[]): AlertRule[] {
  return entries.flatMap((entry) => {
    const { alert, labels, annotations } = entry.value;
    if (typeof alert !== 'string' || alert === '') return [];
    return [{ ...entry, name: alert, labels: record(labels), annotations: record(annotations) }];
  });
}

/** How a message names a rule: `HighErrorRatio (rules/checkout.yml line 12)`. */
export function describeRule(rule: AlertRule): string {
  return `${rule.name} (${rule.file}${rule.line > 0 ? ` line ${rule.line}` : ''})`;
}

function itemNode(seq: unknown, index: number): Node | undefined {
  if (!isSeq(seq)) return undefined;
  const item = seq.items[index];
  return item && typeof item === 'object' && 'range' in item ? (item as Node) : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
