import { outcome, share } from '../../../_lib/hcl/check.ts';
import { dependencies } from '../../../_lib/hcl/deps.ts';
import type { Check } from '../context.ts';
import { whereBlock } from '../where.ts';

/**
 * R2. The root module's default aws provider takes its region from an input variable, traced through
 * locals: `region = local.region` passes only if that local is itself built from a variable.
 */
export const regionCheck: Check = {
  id: 'region-from-variable',
  judge(grading) {
    const aws = grading.root.providers.filter((p) => p.name === 'aws');
    if (aws.length === 0) return outcome(0, 'The root module configures no aws provider.');
    // An alias pinned to one region (us-east-1 for CloudFront certificates) is a fact, not a setting.
    const unaliased = aws.filter((p) => p.alias === undefined);
    const providers = unaliased.length > 0 ? unaliased : aws;
    const findings: string[] = [];
    let good = 0;
    for (const provider of providers) {
      const label = `${whereBlock(grading, provider.file, 'provider', ['aws'])}: provider "aws"${provider.alias ? ` (alias ${provider.alias})` : ''}`;
      if (!Object.hasOwn(provider.body, 'region')) {
        findings.push(`${label} does not set region`);
        continue;
      }
      const { variables } = dependencies(provider.body.region, grading.root, grading.configs);
      if (variables.size > 0) good++;
      else findings.push(`${label} takes its region from a fixed value, not an input variable`);
    }
    const score = share(good, providers.length);
    return outcome(
      score,
      score === 1 ? 'The region is an input variable.' : 'The region is still hard-coded.',
      findings,
    );
  },
};
