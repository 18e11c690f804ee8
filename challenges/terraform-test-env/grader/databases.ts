import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import { toNumber } from '../../_lib/hcl/operators.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import type { Resolved, Topology } from './topology.ts';
import { label, merge } from './topology.ts';

/** One database: an aws_db_instance, or an aws_rds_cluster with its aws_rds_cluster_instance members. */
export interface Database {
  readonly instance: ResourceInstance;
  /** The aws_db_subnet_group it names; none means RDS uses the default VPC's default subnet group. */
  readonly subnetGroups: Resolved;
  readonly subnets: Resolved;
  /** vpc_security_group_ids; none means the VPC's default security group. */
  readonly securityGroups: Resolved;
  /** The port it listens on: `port`, or the engine's default; undefined when neither is known. */
  readonly port: number | undefined;
  /** Every publicly_accessible setting that applies to it (the cluster's instances for Aurora). */
  readonly publiclyAccessible: readonly { readonly where: string; readonly value: Value }[];
}

export const DATABASE_TYPES = ['aws_db_instance', 'aws_rds_cluster'];

const ENGINE_PORTS: readonly [RegExp, number][] = [
  [/postgres/, 5432],
  [/^(mysql|mariadb|aurora|aurora-mysql)$/, 3306],
  [/^sqlserver/, 1433],
  [/^oracle/, 1521],
];

export function databases(topology: Topology): Database[] {
  return topology.ofType(...DATABASE_TYPES).map((instance) => {
    const view = topology.view(instance);
    const subnetGroups = topology.resolve(view.get('db_subnet_group_name'), ['aws_db_subnet_group']);
    const members =
      instance.type === 'aws_rds_cluster'
        ? topology
            .ofType('aws_rds_cluster_instance')
            .filter((member) => topology.refersTo(topology.view(member).get('cluster_identifier'), instance))
        : [instance];
    return {
      instance,
      subnetGroups,
      subnets:
        subnetGroups.instances.length === 0
          ? { instances: [], unresolved: ['not in a subnet group of its own (RDS uses the default VPC)'] }
          : merge(
              ...subnetGroups.instances.map((group) =>
                topology.resolve(topology.view(group).get('subnet_ids'), ['aws_subnet']),
              ),
            ),
      securityGroups: topology.resolve(view.get('vpc_security_group_ids'), ['aws_security_group']),
      port: portOf(view.get('port'), view.get('engine')),
      publiclyAccessible: members.map((member) => ({
        where: label(member),
        value: topology.view(member).get('publicly_accessible'),
      })),
    };
  });
}

function portOf(port: Value, engine: Value): number | undefined {
  if (port !== null) return toNumber(port);
  if (typeof engine !== 'string') return undefined;
  return ENGINE_PORTS.find(([pattern]) => pattern.test(engine))?.[1];
}
