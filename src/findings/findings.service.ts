import type { Db } from '../db/connection.ts';
import { nowIso, todayOf, type Clock } from '../clock.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../shared/errors.ts';
import { getMatter } from '../matters/matters.service.ts';
import { asUser } from '../db/as-user.ts';
import type { User } from '../users/user.ts';
import * as repo from './findings.repository.ts';
import type { EffectInput, Finding, FindingInput } from './finding.ts';

/** The nämnd's findings an action may address, by matter (and those already chosen, even of a closed matter). */
export const listFindingsOfCommittee = repo.listFindingsOfCommittee;

export async function getFinding(db: Db, id: number): Promise<Finding> {
  const f = await repo.findFinding(db, id);
  if (!f) throw new NotFoundError('Bristen finns inte.');
  return f;
}

export async function addFinding(
  db: Db,
  clock: Clock,
  user: User,
  matterId: number,
  input: FindingInput,
): Promise<number> {
  await getMatter(db, matterId);
  return asUser(db, clock, user.id, (tx) => repo.insertFinding(tx, matterId, input, nowIso(clock)));
}

/** addFinding inside the caller's transaction (asUser), for a plan imported at once. */
export async function addFindingIn(tx: Db, clock: Clock, matterId: number, input: FindingInput): Promise<number> {
  await getMatter(tx, matterId);
  return repo.insertFinding(tx, matterId, input, nowIso(clock));
}

export async function editFinding(
  db: Db,
  clock: Clock,
  user: User,
  id: number,
  version: number,
  input: FindingInput,
): Promise<Finding> {
  const f = await getFinding(db, id);
  if (!(await asUser(db, clock, user.id, (tx) => repo.updateFinding(tx, id, version, input, nowIso(clock)))))
    throw new ConflictError(await getFinding(db, id));
  return f;
}

/**
 * Records the förvaltningschef's uppföljning av effekt of a brist: only once its actions are all
 * finished (Klar or Avbruten), on a day not in the future. A new assessment replaces the previous
 * one; the ändringslogg keeps it.
 */
export async function recordEffect(
  db: Db,
  clock: Clock,
  user: User,
  id: number,
  version: number,
  input: EffectInput,
): Promise<void> {
  await getFinding(db, id);
  const statuses = await repo.statusesOfFindingActions(db, id);
  if (statuses.length === 0 || statuses.some((s) => s !== 'done' && s !== 'cancelled')) {
    throw new InvalidInputError({
      effect: 'Uppföljning av effekt görs när alla bristens åtgärder är klara eller avbrutna.',
    });
  }
  if (input.assessedOn > todayOf(clock)) {
    throw new InvalidInputError({ assessedOn: 'Datumet för uppföljningen kan inte ligga i framtiden.' });
  }
  if (!(await asUser(db, clock, user.id, (tx) => repo.setEffect(tx, id, version, input, nowIso(clock)))))
    throw new ConflictError(await getFinding(db, id));
}
