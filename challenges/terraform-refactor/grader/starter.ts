/**
 * The resources the starter stack manages today (starter/main.tf). The grader runs without the
 * starter beside it, so the list lives here; a test proves it matches what the grader reads from
 * the starter itself.
 */
export const STARTER_ADDRESSES: readonly string[] = [
  'aws_vpc.main',
  'aws_subnet.public_a',
  'aws_subnet.public_b',
  'aws_internet_gateway.main',
  'aws_route_table.public',
  'aws_route_table_association.public_a',
  'aws_route_table_association.public_b',
  'aws_security_group.web',
  'aws_instance.web_1',
  'aws_instance.web_2',
  'aws_instance.web_3',
  'aws_ebs_volume.web_1_data',
  'aws_ebs_volume.web_2_data',
  'aws_ebs_volume.web_3_data',
  'aws_volume_attachment.web_1_data',
  'aws_volume_attachment.web_2_data',
  'aws_volume_attachment.web_3_data',
  'aws_s3_bucket.assets',
];

/** What one web server is made of; the brief asks for these in one module. */
export const WEB_SERVER_TYPES: readonly string[] = [
  'aws_instance',
  'aws_ebs_volume',
  'aws_volume_attachment',
];

export function typeOfAddress(address: string): string {
  return address.split('.')[0] ?? address;
}

/** Instances per resource type in the starter. */
export function starterCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const address of STARTER_ADDRESSES) {
    const type = typeOfAddress(address);
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}
