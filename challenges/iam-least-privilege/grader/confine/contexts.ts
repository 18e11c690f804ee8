import { ACCOUNT, BUCKET, BUCKET_ARN, REGION, S3_VIA_SERVICE } from '../scenario.ts';
import type { ConditionTest, Statement } from '../statements.ts';
import type { CatalogueAction } from './catalogue.ts';
import type { Dimension, Option } from './dimensions.ts';
import { keyDimension, valuesFor } from './dimensions.ts';
import { bucketOf } from './oracle.ts';
import { wildcardInstances } from './wildcards.ts';

/** A request's context beyond the base one, and how a message says it. */
export interface Variation {
  readonly notes: readonly string[];
  readonly set: Readonly<Record<string, string | undefined>>;
}

const OTHER_ACCOUNT = '444455556666';
const FAR_FUTURE = '2031-06-01T00:00:00.000Z';
const NOW = '2025-03-14T09:30:00.000Z';
const INVOICE_ARN = `${BUCKET_ARN}/incoming/2025/03/14/inv-1042.pdf`;
const PAYROLL_ARN = 'arn:aws:s3:::acme-payroll/2025/03/payslip-0017.pdf';
const MAX_VARIATIONS = 160;
const ENDPOINT = /^[a-z0-9-]+\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com$/;

/** Keys that are facts of the worker's session, the same on every request it or a thief makes. */
const FIXED = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'kms:calleraccount',
]);
/** Keys handled by a dimension of their own below. */
const OWN = new Set([
  'aws:currenttime',
  'aws:epochtime',
  'aws:requestedregion',
  'aws:resourceaccount',
  's3:resourceaccount',
  'kms:viaservice',
  'aws:viaawsservice',
  's3:prefix',
]);

const testsOf = (statements: readonly Statement[]) => statements.flatMap((s) => s.conditions);
const named = (tests: readonly ConditionTest[], ...keys: string[]) =>
  tests.filter((t) => keys.includes(t.key.toLowerCase()));

/** The region a request for `resource` goes to, when the resource's ARN says so. */
export function regionOf(resource: string, service: string): string | undefined {
  const region = resource.split(':')[3];
  if (region) return region;
  if (service === 's3') return bucketOf(resource) === BUCKET ? REGION : undefined;
  return resource === '*' ? undefined : 'us-east-1';
}

function timeDimension(tests: readonly ConditionTest[]): Dimension {
  const instants = new Set([NOW]);
  for (const value of valuesFor(named(tests, 'aws:currenttime', 'aws:epochtime'))) {
    if (value === undefined) continue;
    const t = /^-?\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    if (Number.isFinite(t)) instants.add(new Date(t).toISOString());
  }
  instants.add(FAR_FUTURE);
  return {
    name: 'time',
    options: [...instants].map((iso) => ({
      note: iso === NOW ? '' : `at ${iso}`,
      set: { 'aws:CurrentTime': iso, 'aws:EpochTime': String(Date.parse(iso) / 1000) },
    })),
  };
}

function choice(
  name: string,
  values: readonly (string | undefined)[],
  describe: (v: string | undefined) => string,
  set: (v: string | undefined) => Record<string, string | undefined>,
): Dimension {
  return { name, options: [...new Set(values)].map((v) => ({ note: describe(v), set: set(v) })) };
}

/** How a KMS request reaches KMS: directly, or through S3 or another service on the caller's behalf. */
function kmsPathDimension(tests: readonly ConditionTest[]): Dimension {
  const services = [
    S3_VIA_SERVICE,
    `sqs.${REGION}.amazonaws.com`,
    `secretsmanager.${REGION}.amazonaws.com`,
    `dynamodb.${REGION}.amazonaws.com`,
  ];
  for (const test of named(tests, 'kms:viaservice')) {
    // Only names a service endpoint could have: KMS sets the value, the caller cannot choose it.
    for (const value of test.values)
      services.push(...wildcardInstances(value).filter((v) => ENDPOINT.test(v)));
  }
  return choice(
    'path',
    [S3_VIA_SERVICE, undefined, ...services],
    (v) => (v === undefined ? 'called directly' : v === S3_VIA_SERVICE ? 'through S3' : `through ${v}`),
    (v) => ({
      'kms:ViaService': v,
      'aws:ViaAWSService': v === undefined ? 'false' : 'true',
    }),
  );
}

/** The encryption context a Decrypt carries: S3 sends the object's ARN; a direct caller sends what it likes. */
function encryptionContextDimensions(tests: readonly ConditionTest[]): Dimension[] {
  const byKey = new Map<string, ConditionTest[]>([['kms:EncryptionContext:aws:s3:arn', []]]);
  for (const test of tests) {
    if (!test.key.toLowerCase().startsWith('kms:encryptioncontext:')) continue;
    const key = [...byKey.keys()].find((k) => k.toLowerCase() === test.key.toLowerCase()) ?? test.key;
    byKey.set(key, [...(byKey.get(key) ?? []), test]);
  }
  return [...byKey].map(([key, keyTests]) => {
    const isS3 = key.toLowerCase() === 'kms:encryptioncontext:aws:s3:arn';
    const values = valuesFor(keyTests);
    const first = isS3 ? [INVOICE_ARN, PAYROLL_ARN] : [];
    return choice(
      key,
      [...first, ...values],
      (v) => (v === INVOICE_ARN ? '' : v === undefined ? `without ${key}` : `with ${key} ${v}`),
      (v) => ({ [key]: v }),
    );
  });
}

/**
 * Every dimension along which a request for `action` on `resource` can vary that the statements
 * covering it (of either effect) could tell apart, plus the ones the brief's answer key depends on
 * (the listing prefix, the path a KMS call takes).
 */
export function dimensionsFor(
  action: CatalogueAction,
  resource: string,
  statements: readonly Statement[],
): Dimension[] {
  const tests = testsOf(statements);
  const dimensions: Dimension[] = [];
  const documented = new Set(action.conditionKeys.map((k) => k.toLowerCase()));
  if (named(tests, 'aws:currenttime', 'aws:epochtime').length > 0) dimensions.push(timeDimension(tests));
  if (regionOf(resource, action.service) === undefined && named(tests, 'aws:requestedregion').length > 0) {
    dimensions.push(keyDimension('aws:RequestedRegion', named(tests, 'aws:requestedregion'), REGION));
  }
  const accountTests = named(tests, 'aws:resourceaccount', 's3:resourceaccount');
  if (accountTests.length > 0) {
    const own = resource.split(':')[4] || (bucketOf(resource) === BUCKET ? ACCOUNT : undefined);
    const values = own ? [own] : [ACCOUNT, OTHER_ACCOUNT, ...accountTests.flatMap((t) => t.values)];
    dimensions.push(
      choice(
        'account',
        values,
        (v) => (v === ACCOUNT ? '' : `in account ${v}`),
        (v) => ({ 'aws:ResourceAccount': v, 's3:ResourceAccount': v }),
      ),
    );
  }
  if (documented.has('s3:prefix')) {
    const prefixes = [
      'incoming/2025/03/14/',
      undefined,
      '',
      'incoming/',
      'incoming',
      'archive/',
      'incoming-quarantine/',
      'exports/',
    ];
    for (const value of valuesFor(named(tests, 's3:prefix'))) prefixes.push(value);
    dimensions.push(
      choice(
        's3:prefix',
        prefixes,
        (v) => (v === undefined ? 'with no prefix' : `with s3:prefix "${v}"`),
        (v) => ({ 's3:prefix': v }),
      ),
    );
  }
  if (action.service === 'kms') {
    dimensions.push(kmsPathDimension(tests));
    if ([...documented].some((key) => key.startsWith('kms:encryptioncontext:'))) {
      dimensions.push(...encryptionContextDimensions(tests));
    }
  } else if (named(tests, 'aws:viaawsservice').length > 0) {
    dimensions.push(keyDimension('aws:ViaAWSService', named(tests, 'aws:viaawsservice'), 'false'));
  }
  const generic = new Map<string, ConditionTest[]>();
  for (const test of tests) {
    const key = test.key.toLowerCase();
    if (FIXED.has(key) || OWN.has(key) || key.startsWith('kms:encryptioncontext:')) continue;
    generic.set(key, [...(generic.get(key) ?? []), test]);
  }
  for (const keyTests of generic.values()) {
    const key = keyTests[0]?.key ?? '';
    dimensions.push(
      keyDimension(key, keyTests, key.toLowerCase() === 'aws:securetransport' ? 'true' : undefined),
    );
  }
  return dimensions;
}

/** A small deterministic generator (mulberry32), so a grading never depends on the clock. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h;
}

function combine(picked: readonly Option[]): Variation {
  return {
    notes: picked.map((o) => o.note).filter((n) => n !== ''),
    set: Object.assign({}, ...picked.map((o) => o.set)) as Record<string, string | undefined>,
  };
}

/**
 * Every combination of the dimensions' options when there are at most MAX_VARIATIONS; otherwise
 * the worker's own context, every single-dimension change, and combinations drawn from a generator
 * seeded by the request, so the same policy always gets the same requests.
 */
export function variations(dimensions: readonly Dimension[], seed: string): Variation[] {
  const total = dimensions.reduce((n, d) => n * d.options.length, 1);
  if (total <= MAX_VARIATIONS) {
    let all: Option[][] = [[]];
    for (const dimension of dimensions)
      all = all.flatMap((picked) => dimension.options.map((o) => [...picked, o]));
    return all.map(combine);
  }
  const base = dimensions.map((d) => d.options[0] as Option);
  const found = [combine(base)];
  dimensions.forEach((dimension, index) => {
    for (const option of dimension.options.slice(1))
      found.push(combine(base.map((o, i) => (i === index ? option : o))));
  });
  const next = random(seedOf(seed));
  while (found.length < MAX_VARIATIONS) {
    found.push(combine(dimensions.map((d) => d.options[Math.floor(next() * d.options.length)] as Option)));
  }
  return found;
}
