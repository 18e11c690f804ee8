import {
  type CandidateExport,
  candidateExportSchema,
  type ErasedAttempt,
  erasedAttemptSchema,
  type RetentionSettings,
  retentionSettingsSchema,
} from '../../server/contract/retention.ts';
import { call, parseRequest, staffPath } from './api.ts';

/** How long the organisation keeps candidates' data (managers only). */
export function getRetention(): Promise<RetentionSettings> {
  return call('GET', staffPath('organisation', 'retention'), retentionSettingsSchema);
}

/** Sets the retention period; attempts past it are erased by the next hourly sweep. */
export function setRetention(input: RetentionSettings): Promise<RetentionSettings> {
  const body = parseRequest(retentionSettingsSchema, input);
  return call('PUT', staffPath('organisation', 'retention'), retentionSettingsSchema, body);
}

/** One candidate's data as JSON, for handing to them on request. */
export function exportCandidate(attemptId: string): Promise<CandidateExport> {
  return call('GET', staffPath('attempts', attemptId, 'export'), candidateExportSchema);
}

/** Erases one candidate's data at once (their scores stay, anonymous). */
export function eraseCandidate(attemptId: string): Promise<ErasedAttempt> {
  return call('POST', staffPath('attempts', attemptId, 'erase'), erasedAttemptSchema);
}
