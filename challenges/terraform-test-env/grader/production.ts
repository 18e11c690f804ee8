/**
 * What the brief says about production. The test environment must not touch any of it; the grader
 * runs without the brief, so the facts live here.
 */
export const PRODUCTION = {
  stateBucket: 'acme-orders-tfstate',
  stateKey: 'orders/prod/terraform.tfstate',
  vpcCidr: '10.20.0.0/16',
} as const;

/** The value every resource's Environment tag must carry. */
export const ENVIRONMENT = 'test';

/** QA's office range: the only one that may reach the load balancer (R3). */
export const OFFICE = '203.0.113.0/24';
