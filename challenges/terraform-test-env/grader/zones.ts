import type { DataSourceModel } from '../../_lib/hcl/module-instance.ts';

/** Zones every region this team uses has at least; data.aws_availability_zones is modelled with these. */
const ZONES = 3;

/**
 * data.aws_availability_zones is read from AWS, so its names are unknown before apply. Subnets built
 * from `names[count.index]` still land in distinct zones, and the checks need to see that: the model
 * answers with distinct placeholder names (and zone ids) per data source. Other data sources stay
 * unknown.
 */
export const zoneModel: DataSourceModel = (type, address) => {
  if (type !== 'aws_availability_zones') return undefined;
  const zones = Array.from({ length: ZONES }, (_, i) => i);
  return {
    names: zones.map((i) => `${address}.names[${i}]`),
    zone_ids: zones.map((i) => `${address}.zone_ids[${i}]`),
  };
};
