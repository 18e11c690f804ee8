import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHALLENGES_DIR, loadCatalogue, loadChallenge } from '../../server/challenges/load.ts';
import { drawValues, parameterSchema, renderText } from '../../server/challenges/parameters.ts';
import { challengeVariant, variantEnvironment, variantSummary } from '../../server/challenges/variants.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const service = parameterSchema.parse({
  name: 'service',
  title: 'service',
  values: ['checkout-api', 'orders-api', 'payments-api'],
});

/** A copy of the alert-rules package, edited by `edit`. */
async function alertRulesWith(edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'gauntlet-parameters-')), 'alert-rules');
  dirs.push(path.dirname(dir));
  await cp(path.join(CHALLENGES_DIR, 'alert-rules'), dir, { recursive: true });
  await edit(dir);
  return dir;
}

async function replaceIn(file: string, from: string | RegExp, to: string) {
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace(from, to));
}

describe('drawing a variant from a seed', () => {
  it('draws the same values for the same seed, and the defaults for no seed', () => {
    for (const seed of [1, 7, 2 ** 31 - 1]) {
      expect(drawValues('alert-rules', [service], seed)).toEqual(drawValues('alert-rules', [service], seed));
    }
    expect(drawValues('alert-rules', [service], null)).toEqual({ service: 'checkout-api' });
  });

  it('draws every value of the domain over many seeds, and only values of the domain', () => {
    const drawn = new Set(Array.from({ length: 200 }, (_, i) => drawValues('x', [service], i + 1).service));
    expect([...drawn].sort()).toEqual([...service.values].sort());
  });

  it('draws each parameter on its own: adding one leaves the others as they were', () => {
    const queue = parameterSchema.parse({ name: 'queue', title: 'queue', values: ['a-queue', 'b-queue'] });
    for (let seed = 1; seed <= 20; seed += 1) {
      expect(drawValues('x', [service, queue], seed).service).toBe(drawValues('x', [service], seed).service);
    }
  });
});

describe('rendering a variant', () => {
  const orders = { service: 'orders-api' };

  it('replaces the default as a whole token only', () => {
    expect(
      renderText('job="checkout-api" rules/checkout-api.yml /checkout-api/ checkout-api.', [service], orders),
    ).toBe('job="orders-api" rules/orders-api.yml /orders-api/ orders-api.');
    expect(renderText('checkout-api-canary xcheckout-api checkout-api_v2', [service], orders)).toBe(
      'checkout-api-canary xcheckout-api checkout-api_v2',
    );
    const cidr = parameterSchema.parse({ name: 'cidr', title: 'cidr', values: ['10.0.1', '10.9.1'] });
    expect(renderText('10.0.1 110.0.1 10.0.1.5 1.10.0.1', [cidr], { cidr: '10.9.1' })).toBe(
      '10.9.1 110.0.1 10.0.1.5 1.10.0.1',
    );
  });

  it('treats a value as text, never as a replacement pattern', () => {
    const odd = parameterSchema.parse({ name: 'x', title: 'x', values: ['plain', 'other'] });
    // The domain's own syntax forbids $, but rendering must not depend on it.
    expect(renderText('a plain text', [odd], { x: "$&$1$'" })).toBe("a $&$1$' text");
  });

  it('refuses a domain whose values would be ambiguous or unsafe', () => {
    const parse = (values: string[]) => parameterSchema.safeParse({ name: 'x', title: 'x', values });
    expect(parse(['acme', 'acme-archive']).success).toBe(false);
    expect(parse(['a', 'a']).success).toBe(false);
    expect(parse(['ok', '{{x}}']).success).toBe(false);
    expect(parse(['ok', 'two words']).success).toBe(false);
    expect(parse(['only-one']).success).toBe(false);
  });

  it('gives every package of the catalogue, without a seed, exactly as it is on disk', async () => {
    const catalogue = await loadCatalogue();
    for (const challenge of catalogue.challenges.values()) {
      expect(challengeVariant(challenge, null)).toBe(challenge);
      if (challenge.manifest.parameters.length === 0) expect(challengeVariant(challenge, 5)).toBe(challenge);
    }
  });

  it("renders a seed's brief, requirements, starter and grader values, and labels it for staff", async () => {
    const challenge = (await loadCatalogue()).challenges.get('alert-rules');
    if (!challenge) throw new Error('alert-rules is missing');
    const seed =
      [1, 2, 3, 4, 5, 6].find(
        (s) => drawValues('alert-rules', challenge.manifest.parameters, s).service !== 'checkout-api',
      ) ?? 0;
    const drawn = drawValues('alert-rules', challenge.manifest.parameters, seed).service ?? '';
    const variant = challengeVariant(challenge, seed);
    expect(variant.brief).not.toContain('checkout-api');
    expect(variant.brief).toContain(drawn);
    expect(variant.manifest.requirements.map((r) => r.text).join('\n')).not.toContain('checkout-api');
    expect(variant.starter.map((f) => f.path)).toEqual([`rules/${drawn}.yml`]);
    expect(JSON.parse(variant.grader.find((f) => f.path === 'parameters.json')?.content ?? '')).toEqual({
      service: drawn,
    });
    expect(variant.grader.filter((f) => f.path !== 'parameters.json')).toEqual(
      challenge.grader.filter((f) => f.path !== 'parameters.json'),
    );
    expect(challengeVariant(challenge, seed)).toBe(variant);
    // Seeds that draw the same values share one rendering: memory is bounded by the domains.
    const same = Array.from({ length: 100 }, (_, i) => i + 10).find(
      (s) => drawValues('alert-rules', challenge.manifest.parameters, s).service === drawn,
    );
    expect(challengeVariant(challenge, same ?? 0)).toBe(variant);
    expect(variantSummary(challenge, seed)?.label).toBe(`variant ${seed} · service ${drawn}`);
    expect(variantSummary(challenge, null)?.label).toBe('default variant · service checkout-api');
  });
});

describe('loading a package with parameters', () => {
  it('refuses a grader whose parameters.json is not the default variant', async () => {
    const dir = await alertRulesWith((d) =>
      writeFile(path.join(d, 'grader/parameters.json'), '{"service":"orders-api"}'),
    );
    await expect(loadChallenge(dir)).rejects.toThrow(
      /challenge\.yaml: parameters: grader\/parameters\.json must hold the default variant, \{"service":"checkout-api"\}/,
    );
  });

  it('refuses a package whose grader has no parameters.json', async () => {
    const dir = await alertRulesWith((d) => rm(path.join(d, 'grader/parameters.json')));
    await expect(loadChallenge(dir)).rejects.toThrow(/parameters: grader\/parameters\.json is missing/);
  });

  it('refuses a parameter the brief never states', async () => {
    const dir = await alertRulesWith(async (d) => {
      await replaceIn(
        path.join(d, 'challenge.yaml'),
        '      - checkout-api\n',
        '      - basket-api\n      - checkout-api\n',
      );
      await writeFile(path.join(d, 'grader/parameters.json'), '{"service":"basket-api"}');
    });
    await expect(loadChallenge(dir)).rejects.toThrow(/parameters\.0: BRIEF\.md never states basket-api/);
  });

  it('refuses a hidden parameter on a files challenge: what it grades, its brief must state', async () => {
    const dir = await alertRulesWith((d) =>
      replaceIn(
        path.join(d, 'challenge.yaml'),
        '    title: service\n',
        '    title: service\n    hidden: true\n',
      ),
    );
    await expect(loadChallenge(dir)).rejects.toThrow(/parameters\.0\.hidden: is only for mode: live/);
  });

  it('refuses a live incident whose brief names one of its hidden faults', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'gauntlet-parameters-')), 'bad-gateway');
    dirs.push(path.dirname(dir));
    await cp(path.join(CHALLENGES_DIR, 'bad-gateway'), dir, { recursive: true });
    await replaceIn(path.join(dir, 'BRIEF.md'), 'You are on call.', 'You are on call (hint: upstream-tls).');
    await expect(loadChallenge(dir)).rejects.toThrow(
      /parameters\.0: hidden value upstream-tls appears in BRIEF\.md, which the candidate reads/,
    );
  });

  it('gives a live incident its hidden fault as VARIANT_FAULT, and the candidate the same brief', async () => {
    const catalogue = await loadCatalogue();
    for (const slug of ['bad-gateway', 'pegged-database']) {
      const packaged = catalogue.challenges.get(slug);
      if (!packaged) throw new Error(`${slug} is missing`);
      const faults = packaged.manifest.parameters[0]?.values ?? [];
      const drawn = new Set<string>();
      for (let seed = 1; seed <= 20; seed++) {
        const variant = challengeVariant(packaged, seed);
        const fault = variantEnvironment(variant).VARIANT_FAULT ?? '';
        expect(faults).toContain(fault);
        drawn.add(fault);
        expect(variant.brief).toBe(packaged.brief);
        expect(variant.starter).toEqual(packaged.starter);
        expect(variant.manifest.requirements).toEqual(packaged.manifest.requirements);
        expect(variantSummary(packaged, seed)?.label).toBe(`variant ${seed} · fault ${fault}`);
      }
      // Twenty invitations meet every fault (test/sandbox/live-variants.test.ts proves each one).
      expect([...drawn].sort()).toEqual([...faults].sort());
      expect(variantEnvironment(packaged)).toEqual({ VARIANT_FAULT: faults[0] });
    }
  });

  it('refuses a value that already appears in the files, where rendering would be ambiguous', async () => {
    const dir = await alertRulesWith((d) =>
      replaceIn(
        path.join(d, 'challenge.yaml'),
        '      - search-api\n',
        '      - search-api\n      - cart-api\n',
      ),
    );
    await expect(loadChallenge(dir)).rejects.toThrow(/parameters\.0: cart-api already appears in BRIEF\.md/);
  });
});
