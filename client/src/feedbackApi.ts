import {
  type CandidateFeedback,
  candidateFeedbackSchema,
  type FeedbackSetting,
  feedbackSettingSchema,
} from '../../server/contract/feedback.ts';
import { call, parseRequest, staffPath } from './api.ts';

/** The candidate's feedback on their attempt: off, pending until graded, or the report. */
export function getCandidateFeedback(): Promise<CandidateFeedback> {
  return call('GET', '/api/candidate/attempt/feedback', candidateFeedbackSchema);
}

/** Whether the assessment gives its candidates feedback (managers only). */
export function getFeedbackSetting(assessmentId: string): Promise<FeedbackSetting> {
  return call('GET', staffPath('assessments', assessmentId, 'feedback'), feedbackSettingSchema);
}

/** Turns feedback to the assessment's candidates on or off (audited). */
export function setFeedbackSetting(assessmentId: string, input: FeedbackSetting): Promise<FeedbackSetting> {
  const body = parseRequest(feedbackSettingSchema, input);
  return call('PUT', staffPath('assessments', assessmentId, 'feedback'), feedbackSettingSchema, body);
}
