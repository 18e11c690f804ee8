import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import { isAutoLoaded } from '../../../_lib/hcl/grading.ts';

/**
 * R2. A terraform.tfvars (or *.auto.tfvars) sets this environment's values, and every root .tfvars
 * file sets only variables the root module declares (Terraform warns about the others and ignores them).
 */
export const tfvarsCheck: Check = {
  id: 'tfvars-declared',
  judge(grading) {
    const files = grading.workspace.files.filter((f) => f.kind === 'tfvars' && f.dir === '');
    if (!files.some(isAutoLoaded)) return outcome(0, 'There is no terraform.tfvars for this environment.');
    const findings: string[] = [];
    let total = 0;
    let declared = 0;
    for (const file of files) {
      for (const key of Object.keys(file.json)) {
        total++;
        if (grading.root.variables.has(key)) declared++;
        else findings.push(`${file.path}: ${key} is not a variable of the root module`);
      }
    }
    if (total === 0) return outcome(0, 'terraform.tfvars sets no values.');
    const score = share(declared, total);
    const message =
      score === 1
        ? 'The tfvars files set only declared variables.'
        : 'The tfvars files set undeclared variables.';
    return outcome(score, message, findings);
  },
};
