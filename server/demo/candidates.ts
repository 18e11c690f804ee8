import type { Catalogue } from '../challenges/load.ts';
import { type DemoCandidate, TERRAFORM_SLUG, terraformCandidates } from './terraform-candidates.ts';

/** The demo's candidates by challenge, for the challenges the catalogue holds. */
export function demoCandidates(catalogue: Catalogue): { slug: string; candidates: DemoCandidate[] }[] {
  const terraform = catalogue.challenges.get(TERRAFORM_SLUG);
  return terraform ? [{ slug: TERRAFORM_SLUG, candidates: terraformCandidates(terraform.starter) }] : [];
}
