/** `npm run mutants -- <slug> --list`: the mutants a run would grade, graded nowhere. */
import { describeChange } from './diff.ts';
import { listMutants, loadMutationTarget } from './run.ts';

/** Every distinct mutant with its description and change, then what was dropped and why. */
export async function listing(challengeDir: string, only?: string): Promise<string> {
  const target = await loadMutationTarget(challengeDir);
  const generated = listMutants(target, only);
  const lines = generated.mutants.flatMap((m) => [
    m.id,
    `    ${m.description}`,
    ...describeChange(target.reference, m.files).map((line) => `      ${line}`),
  ]);
  lines.push(
    '',
    `${generated.mutants.length} mutants; dropped ${generated.sameAsReference.length} equal to the reference` +
      ` and ${generated.duplicates.length} duplicates`,
    ...generated.sameAsReference.map((m) => `  same as the reference: ${m.id}`),
    ...generated.duplicates.map((d) => `  duplicate: ${d.mutant.id} (of ${d.of})`),
    ...generated.operatorErrors.map((e) => `  OPERATOR ERROR ${e.operator}: ${e.error}`),
  );
  return `${lines.join('\n')}\n`;
}
