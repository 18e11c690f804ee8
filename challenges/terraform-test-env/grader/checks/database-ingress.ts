import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { IngressRule } from '../../../_lib/hcl/ingress.ts';
import { allProtocols, coversTcpPort, egressRules, ingressRules } from '../../../_lib/hcl/ingress.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../../_lib/hcl/module-instance.ts';
import { toNumber } from '../../../_lib/hcl/operators.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { describe, isUnknown, reasonOf } from '../../../_lib/hcl/values.ts';
import { appUnits } from '../app-tier.ts';
import type { Database } from '../databases.ts';
import { DATABASE_TYPES, databases } from '../databases.ts';
import type { Topology } from '../topology.ts';
import { label, topologyOf } from '../topology.ts';
import { lets, rulesOn } from '../traffic.ts';

const SG = ['aws_security_group'];

interface Verdict {
  readonly score: number;
  readonly findings: readonly string[];
}

/**
 * R6. Collects every ingress rule that applies to a database's security groups (inline, dynamic,
 * aws_security_group_rule, aws_vpc_security_group_ingress_rule) by following `security_group_id`.
 * Any CIDR or prefix-list source, or a group other than the application's, is a hole (score 0). The
 * application's group must be admitted on the database port; a rule that also opens other ports
 * earns half, and so does an application whose groups do not let it out to the database on that port.
 * Every scenario is judged and the worst kept.
 */
export const databaseIngressCheck: Check = {
  id: 'database-ingress-app-only',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const topology = topologyOf(inventory);
  const all = databases(topology);
  if (all.length === 0)
    return outcome(0, `There is no database: none of ${DATABASE_TYPES.join(', ')} is declared.`);
  const appGroups = new Set(appUnits(topology).flatMap((unit) => unit.securityGroups.instances));
  const rules = ingressRules(inventory);
  const verdicts = all.map((db) => judgeDatabase(topology, db, appGroups, rules));
  const score = share(
    verdicts.reduce((sum, v) => sum + v.score, 0),
    verdicts.length,
  );
  const message =
    score === 1
      ? "Only the application's security group can reach the database, on the database port."
      : score > 0
        ? "The application's security group is admitted on more than the database port, or the application cannot get out to the database."
        : "The database's security groups admit more than the application tier, or do not admit it on the database port.";
  return outcome(
    score,
    message,
    verdicts.flatMap((v) => v.findings),
  );
}

function judgeDatabase(
  topology: Topology,
  db: Database,
  appGroups: ReadonlySet<ResourceInstance>,
  rules: readonly IngressRule[],
): Verdict {
  const name = label(db.instance);
  if (db.port === undefined)
    return { score: 0, findings: [`${name}: the grader cannot tell its port (set engine or port)`] };
  const groups = db.securityGroups.instances;
  if (groups.length === 0) {
    const why =
      db.securityGroups.unresolved.length > 0
        ? `its vpc_security_group_ids are ${db.securityGroups.unresolved.join('; ')}`
        : "no vpc_security_group_ids: it uses the VPC's default security group";
    return { score: 0, findings: [`${name}: ${why}`] };
  }
  if (appGroups.size === 0) {
    return { score: 0, findings: [`${name}: the application tier has no security group to admit`] };
  }
  const holes = db.securityGroups.unresolved.map((why) => `${name}: a security group is ${why}`);
  let onPort = false;
  let wider = false;
  for (const rule of rules) {
    const target = rule.inlineOf ? [rule.inlineOf] : topology.resolve(rule.securityGroupId, SG).instances;
    if (target.length === 0) {
      holes.push(`${rule.where}: adds a rule to a security group the grader cannot follow`);
      continue;
    }
    if (!target.some((group) => groups.includes(group))) continue;
    holes.push(
      ...rule.sources.map((source) => `${rule.where}: admits the range ${describe(source, 60)}`),
      ...rule.prefixLists.map((list) => `${rule.where}: admits the prefix list ${describe(list, 60)}`),
      ...(rule.self ? [`${rule.where}: admits every member of its own group`] : []),
    );
    for (const source of rule.sourceGroups) {
      const resolved = topology.resolve(source, SG);
      holes.push(...resolved.unresolved.map((why) => `${rule.where}: admits a source group that is ${why}`));
      for (const group of resolved.instances) {
        if (!appGroups.has(group)) {
          holes.push(`${rule.where}: admits ${group.address}, which is not the application's security group`);
          continue;
        }
        const ported = withDatabasePort(rule, db);
        const coverage = coversTcpPort(ported, db.port);
        if (coverage === 'yes') onPort = true;
        if (coverage !== 'yes' || !exactly(ported, db.port)) wider = true;
      }
    }
  }
  if (holes.length > 0) return { score: 0, findings: holes };
  if (!onPort) {
    return {
      score: 0,
      findings: [`${name}: no rule admits the application's security group on port ${db.port}`],
    };
  }
  const port = db.port;
  const out = rulesOn(topology, egressRules(topology.inventory), [...appGroups]).on;
  if (!out.some((rule) => lets(topology, withDatabasePort(rule, db), port, groups, true))) {
    return {
      score: 0.5,
      findings: [
        `${name}: the application's security groups do not let it out to the database on port ${port}`,
      ],
    };
  }
  return wider
    ? { score: 0.5, findings: [`${name}: the application's group is admitted on more than port ${db.port}`] }
    : { score: 1, findings: [] };
}

/**
 * `from_port = aws_db_instance.orders.port` is known after apply, but it is the database's port: the
 * one the grader knows from its `port` or engine.
 */
function withDatabasePort(rule: IngressRule, db: Database): IngressRule {
  const port = (value: Value): Value =>
    isUnknown(value) && reasonOf(value) === 'computed' && value.origin.includes(db.instance.address)
      ? (db.port ?? value)
      : value;
  return { ...rule, from: port(rule.from), to: port(rule.to) };
}

/** TCP on the one port, nothing more. */
function exactly(rule: IngressRule, port: number): boolean {
  return !allProtocols(rule) && toNumber(rule.from) === port && toNumber(rule.to) === port;
}
