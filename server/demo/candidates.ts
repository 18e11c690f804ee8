import type { Catalogue } from '../challenges/load.ts';
import { INCIDENT_ASSESSMENT, incidentCandidates } from './incident-candidates.ts';
import { INCIDENT_SLUG } from './incident-session.ts';
import { type DemoCandidate, TERRAFORM_SLUG, terraformCandidates } from './terraform-candidates.ts';

/** An assessment of its own, created with the demo's candidates when it is missing. */
export interface DemoAssessment {
  title: string;
  challengeSlugs: readonly string[];
  timeLimitMinutes: number;
}

/**
 * The demo's candidates by challenge, for the challenges the catalogue holds. Without `assessment`
 * they join the demo's Terraform assessment (seed.ts makes it).
 */
export function demoCandidates(
  catalogue: Catalogue,
): { slug: string; candidates: DemoCandidate[]; assessment?: DemoAssessment }[] {
  const terraform = catalogue.challenges.get(TERRAFORM_SLUG);
  const incident = catalogue.challenges.get(INCIDENT_SLUG);
  return [
    ...(terraform ? [{ slug: TERRAFORM_SLUG, candidates: terraformCandidates(terraform.starter) }] : []),
    ...(incident
      ? [
          {
            slug: INCIDENT_SLUG,
            candidates: incidentCandidates(incident.starter),
            assessment: INCIDENT_ASSESSMENT,
          },
        ]
      : []),
  ];
}
