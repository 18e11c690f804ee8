import { baseContext, REGION } from './scenario.ts';

/** One request the worker's role might make, and everything IAM would see of it. */
export interface Probe {
  /** How messages and evidence name it, e.g. `s3:PutObject on acme-invoices/incoming/x.pdf`. */
  readonly label: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string>>;
}

export interface ProbeOptions {
  /** The endpoint's region; global services (IAM, STS, Organizations) answer in us-east-1. */
  readonly region?: string;
  readonly context?: Readonly<Record<string, string>>;
  /** Said after the resource in the label, e.g. `with s3:prefix incoming/`. */
  readonly note?: string;
}

export function probe(action: string, resource: string, options: ProbeOptions = {}): Probe {
  const note = options.note ? ` ${options.note}` : '';
  return {
    label: `${action} on ${shortName(resource)}${note}`,
    action,
    resource,
    context: { ...baseContext(options.region ?? REGION), ...options.context },
  };
}

/** S3 ARNs read better as bucket/key; other ARNs stay whole, since their account and region matter. */
function shortName(resource: string): string {
  return resource.startsWith('arn:aws:s3:::') ? resource.slice('arn:aws:s3:::'.length) : resource;
}
