import { describe, expect, it } from 'vitest';
import { challengeManifestSchema } from '../../server/challenges/schema.ts';

const base = {
  slug: 'demo',
  title: 'Demo',
  summary: 'A demo',
  mode: 'files',
  level: 'mid',
  timeLimitMinutes: 30,
  dimensions: ['iac', 'security'],
  sandbox: { image: 'grader-node', command: ['node', '/grader/grade.ts'] },
  requirements: [
    { id: 'R1', text: 'one' },
    { id: 'R2', text: 'two' },
  ],
  checks: [
    { id: 'first', title: 'First', dimension: 'iac', visible: true, covers: ['R1'] },
    { id: 'second', title: 'Second', dimension: 'security', visible: false, covers: ['R2'] },
  ],
};

function problems(manifest: unknown): string[] {
  const parsed = challengeManifestSchema.safeParse(manifest);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('challenge.yaml validation', () => {
  it('accepts a package whose requirements and checks cover each other', () => {
    expect(problems(base)).toEqual([]);
  });

  it('refuses a requirement no check covers, naming it', () => {
    const manifest = { ...base, requirements: [...base.requirements, { id: 'R3', text: 'three' }] };
    expect(problems(manifest)).toEqual(['requirements.2.id: requirement R3 is covered by no check']);
  });

  it('refuses a check that covers no requirement', () => {
    const manifest = {
      ...base,
      checks: [...base.checks, { id: 'third', title: 'T', dimension: 'iac', visible: true, covers: [] }],
    };
    expect(problems(manifest)).toEqual(['checks.2.covers: check third covers no requirement']);
  });

  it('refuses a check that covers a requirement the brief does not list', () => {
    const manifest = { ...base, checks: [{ ...base.checks[0], covers: ['R1', 'R9'] }, base.checks[1]] };
    expect(problems(manifest)).toEqual([
      'checks.0.covers.1: check first covers R9, which is not a listed requirement',
    ]);
  });

  it("refuses a check scored on a dimension outside the challenge's", () => {
    const manifest = { ...base, checks: [base.checks[0], { ...base.checks[1], dimension: 'cicd' }] };
    expect(problems(manifest)[0]).toMatch(/^checks\.1\.dimension: /);
  });

  it('refuses duplicate check ids and unknown fields', () => {
    expect(problems({ ...base, checks: [base.checks[0], { ...base.checks[1], id: 'first' }] })).toContain(
      'checks.1.id: duplicate check id first',
    );
    expect(problems({ ...base, extra: 1 })[0]).toMatch(/Unrecognized key/);
  });
});

describe('a live challenge’s services', () => {
  const live = {
    ...base,
    mode: 'live',
    live: {
      user: '65534:65534',
      shell: { user: 'sre', command: ['/bin/bash', '-i'], workingDir: '/home/sre' },
      checks: { user: 'checker', script: 'check.sh' },
      mounts: [],
    },
  };

  it('starts each service as its named user, in order', () => {
    const services = [
      { user: 'shop', command: ['/opt/shop.sh'] },
      { user: 'www-data', command: ['/opt/nginx.sh'] },
    ];
    const parsed = challengeManifestSchema.parse({ ...live, live: { ...live.live, services } });
    expect(parsed.live?.services).toEqual(services);
  });

  it('refuses a service run as root, naming it', () => {
    const services = [{ user: 'root', command: ['/opt/nginx.sh'] }];
    expect(problems({ ...live, live: { ...live.live, services } })).toEqual([
      'live.services.0.user: a service never runs as root',
    ]);
  });

  const complication = {
    id: 'second-runaway',
    title: 'A second runaway query',
    description: 'Starts another report that never ends.',
    script: 'complications/second-runaway.sh',
  };

  it('takes complications, each run as the environment’s user or a service’s', () => {
    const services = [{ user: 'shop', command: ['/opt/shop.sh'] }];
    const complications = [complication, { ...complication, id: 'log-flood', user: 'shop' }];
    const parsed = challengeManifestSchema.parse({
      ...live,
      live: { ...live.live, services, complications },
    });
    expect(parsed.live?.complications).toEqual(complications);
    expect(challengeManifestSchema.parse(live).live?.complications).toEqual([]);
  });

  it('refuses duplicate complication ids, a script outside grader/ and unknown fields', () => {
    const withComplications = (complications: unknown[]) => ({
      ...live,
      live: { ...live.live, complications },
    });
    expect(problems(withComplications([complication, complication]))).toEqual([
      'live.complications.1.id: duplicate complication id second-runaway',
    ]);
    expect(problems(withComplications([{ ...complication, script: 'complications/../../x.sh' }]))).toEqual([
      "live.complications.0.script: must not contain '..'",
    ]);
    expect(problems(withComplications([{ ...complication, script: '/bin/sh' }]))[0]).toMatch(
      /live\.complications\.0\.script: must be the path of a \.sh file/,
    );
    expect(problems(withComplications([{ ...complication, id: 'Bad Id' }]))[0]).toMatch(
      /^live\.complications\.0\.id: /,
    );
    expect(problems(withComplications([{ ...complication, extra: 1 }]))[0]).toMatch(/Unrecognized key/);
    expect(
      problems(withComplications(Array.from({ length: 9 }, (_, i) => ({ ...complication, id: `c${i}` })))),
    ).toHaveLength(1);
  });

  it('refuses a complication run as the candidate’s user or as a user that is no service', () => {
    const services = [{ user: 'shop', command: ['/opt/shop.sh'] }];
    const as = (user: string) => ({
      ...live,
      live: { ...live.live, services, complications: [{ ...complication, user }] },
    });
    expect(problems(as('sre'))).toEqual([
      "live.complications.0.user: complication second-runaway would run as the candidate's own user sre",
    ]);
    expect(problems(as('nobody'))[0]).toMatch(/runs as nobody, which is not one of live.services' users/);
  });
});
