import { z } from 'zod';
import {
  type AtsConnection,
  atsConnectionListSchema,
  type CreateAtsConnectionRequest,
  createAtsConnectionSchema,
  createdAtsConnectionSchema,
} from '../../server/contract/ats.ts';
import { call, parseRequest, staffPath } from './api.ts';

/** The organisation's ATS connections (Lever, generic), without their secrets. */
export async function listAtsConnections(): Promise<AtsConnection[]> {
  return (await call('GET', staffPath('ats-connections'), atsConnectionListSchema)).connections;
}

/** Adds a connection; a generic one's signing key comes back this once. */
export async function createAtsConnection(input: CreateAtsConnectionRequest) {
  return call(
    'POST',
    staffPath('ats-connections'),
    createdAtsConnectionSchema,
    parseRequest(createAtsConnectionSchema, input),
  );
}

export async function deleteAtsConnection(id: string): Promise<void> {
  await call('DELETE', staffPath('ats-connections', id), z.unknown());
}
