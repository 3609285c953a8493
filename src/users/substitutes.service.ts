import type { Db } from '../db/connection.ts';
import { nowIso, todayOf, type Clock } from '../clock.ts';
import { addDays } from '../deadlines/calendar.ts';
import { asUser } from '../db/as-user.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../shared/errors.ts';
import { may } from './roles.ts';
import type { User } from './user.ts';
import { findUserById } from './users.repository.ts';
import * as repo from './substitutes.repository.ts';

export type { Substitute } from './substitutes.repository.ts';

/** The chef's current and coming ersättare. */
export function substitutesOf(db: Db, clock: Clock, user: User) {
  return repo.listSubstitutesOf(db, user.id, todayOf(clock));
}

/** The chefs the user stands in for today (their ids): whose actions the user may see and update. */
export async function standsInFor(db: Db, clock: Clock, userId: number): Promise<number[]> {
  return (await repo.standingInFor(db, userId, todayOf(clock))).map((s) => s.userId);
}

/** Every ersättare standing in today, with the chefs (for the reminders). */
export function allStandingInToday(db: Db, clock: Clock) {
  return repo.allStandingIn(db, todayOf(clock));
}

/**
 * A chef names an ersättare for a period (both days included): an active user who may own actions,
 * not the chef; the period may not have ended already. Recorded in the ändringslogg.
 */
export async function nameSubstitute(
  db: Db,
  clock: Clock,
  user: User,
  input: { substituteId: number; fromOn: string; toOn: string },
): Promise<number> {
  if (!may.ownActions(user.role)) throw new ForbiddenError('Bara den som har egna åtgärder kan ha en ersättare.');
  const substitute = await findUserById(db, input.substituteId);
  if (!substitute || !substitute.active || !may.ownActions(substitute.role) || substitute.id === user.id)
    throw new InvalidInputError({
      substituteId: 'Välj en ersättare bland aktiva chefer och förvaltningschefer, inte dig själv.',
    });
  if (input.toOn < input.fromOn) throw new InvalidInputError({ toOn: 'Till och med kan inte ligga före Från.' });
  if (input.toOn < todayOf(clock)) throw new InvalidInputError({ toOn: 'Perioden har redan tagit slut.' });
  return asUser(db, clock, user.id, (tx) =>
    repo.insertSubstitute(tx, { userId: user.id, ...input }, user.id, nowIso(clock)),
  );
}

/** Ends the chef's ersättare now: it lasts through yesterday (or never starts, if it had not begun). */
export async function endSubstitute(db: Db, clock: Clock, user: User, id: number, version: number): Promise<void> {
  const s = await repo.findSubstitute(db, id);
  if (!s) throw new NotFoundError('Ersättaren finns inte.');
  if (s.userId !== user.id) throw new ForbiddenError('Du kan bara avsluta dina egna ersättare.');
  const yesterday = addDays(todayOf(clock), -1);
  const lastDay = s.fromOn > yesterday ? addDays(s.fromOn, -1) : yesterday;
  const ok = await asUser(db, clock, user.id, (tx) => repo.endSubstitute(tx, id, version, lastDay, nowIso(clock)));
  if (!ok) throw new ConflictError(await repo.findSubstitute(db, id));
}
