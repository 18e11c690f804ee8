import {
  type AccommodationRequest,
  type AccommodationView,
  accommodationAnswerSchema,
  accommodationRequestSchema,
} from '../../server/contract/accommodations.ts';
import { call, parseRequest, staffPath } from './api.ts';

/** An invitation's accommodation (extra time, the reviewers' note) and the time credited to it. */
export async function getAccommodation(attemptId: string): Promise<AccommodationView> {
  return (await call('GET', staffPath('attempts', attemptId, 'accommodation'), accommodationAnswerSchema))
    .accommodation;
}

/** Sets it before the attempt starts (a manager's); no extra time and an empty note remove it. */
export async function setAccommodation(
  attemptId: string,
  input: AccommodationRequest,
): Promise<AccommodationView> {
  const body = parseRequest(accommodationRequestSchema, input);
  return (
    await call('PUT', staffPath('attempts', attemptId, 'accommodation'), accommodationAnswerSchema, body)
  ).accommodation;
}
