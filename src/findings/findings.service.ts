import type { Db } from '../db/connection.ts';
import { nowIso, type Clock } from '../clock.ts';
import { ConflictError, NotFoundError } from '../http/errors.ts';
import { getMatter } from '../matters/matters.service.ts';
import * as repo from './findings.repository.ts';
import type { Finding, FindingInput } from './finding.ts';

export async function getFinding(db: Db, id: number): Promise<Finding> {
  const f = await repo.findFinding(db, id);
  if (!f) throw new NotFoundError('Bristen finns inte.');
  return f;
}

export async function addFinding(db: Db, clock: Clock, matterId: number, input: FindingInput): Promise<number> {
  await getMatter(db, matterId);
  return repo.insertFinding(db, matterId, input, nowIso(clock));
}

export async function editFinding(db: Db, clock: Clock, id: number, version: number, input: FindingInput): Promise<Finding> {
  const f = await getFinding(db, id);
  if (!(await repo.updateFinding(db, id, version, input, nowIso(clock)))) throw new ConflictError(await getFinding(db, id));
  return f;
}
