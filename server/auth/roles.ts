import type { Request } from 'express';
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { forbidden, notFound } from '../errors.ts';
import type { StaffUserRow } from '../queries/staff.ts';
import { requireStaff } from './guards.ts';

/** The signed-in hiring manager, or 401 (nobody) / 403 (an interviewer), naming what was refused. */
export async function requireManager(
  req: Request,
  deps: { db: Db; config: Config },
  action: string,
): Promise<StaffUserRow> {
  const user = await requireStaff(req, deps);
  if (user.role !== 'manager') throw forbidden(`Only a hiring manager may ${action}.`);
  return user;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route's id parameter; anything but a UUID names nothing, so it is "not found" like a foreign id. */
export function idParam(value: string | undefined, what: string): string {
  if (!value || !UUID.test(value)) throw notFound(what);
  return value;
}
