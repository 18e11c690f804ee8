import { type SimilarityAnswer, similarityAnswerSchema } from '../../server/contract/similarity.ts';
import { call, staffPath } from './api.ts';

/** The similarity evidence of an attempt: other submissions of the organisation above the threshold. */
export function getSimilarity(attemptId: string): Promise<SimilarityAnswer> {
  return call('GET', staffPath('attempts', attemptId, 'similarity'), similarityAnswerSchema);
}
