import type { Db } from '../db/connection.ts';
import { preparedQuery } from '../db/prepared.ts';

export interface Substitute {
  id: number;
  userId: number;
  userName: string;
  substituteId: number;
  substituteName: string;
  fromOn: string;
  toOn: string;
  version: number;
}

function withNames(db: Db) {
  return db
    .selectFrom('substitutes')
    .innerJoin('users as chef', 'chef.id', 'substitutes.user_id')
    .innerJoin('users as sub', 'sub.id', 'substitutes.substitute_id')
    .select([
      'substitutes.id',
      'substitutes.user_id',
      'chef.name as user_name',
      'substitutes.substitute_id',
      'sub.name as substitute_name',
      'substitutes.from_on',
      'substitutes.to_on',
      'substitutes.version',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof withNames>['execute']>>[number];

function toSubstitute(r: Row): Substitute {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    substituteId: r.substitute_id,
    substituteName: r.substitute_name,
    fromOn: r.from_on,
    toOn: r.to_on,
    version: r.version,
  };
}

/** The chef's ersättare whose period has not ended by `today`, soonest first. */
export async function listSubstitutesOf(db: Db, userId: number, today: string): Promise<Substitute[]> {
  const rows = await withNames(db)
    .where('substitutes.user_id', '=', userId)
    .where('substitutes.to_on', '>=', today)
    .orderBy('substitutes.from_on')
    .execute();
  return rows.map(toSubstitute);
}

// Asked on every action list and action page, so built and compiled once (src/db/prepared.ts).
const standing = preparedQuery((db: Db, substituteId: number, day: string) =>
  withNames(db)
    .where('substitutes.substitute_id', '=', substituteId)
    .where('substitutes.from_on', '<=', day)
    .where('substitutes.to_on', '>=', day)
    .innerJoin('users as active_chef', 'active_chef.id', 'substitutes.user_id')
    .where('active_chef.active', '=', 1),
);

/** Whom the user stands in for on `day`. */
export async function standingInFor(db: Db, substituteId: number, day: string): Promise<Substitute[]> {
  return (await standing.all(db, substituteId, day)).map(toSubstitute);
}

/** Every ersättare standing in on `day`: substitute id → the chefs. */
export async function allStandingIn(db: Db, day: string): Promise<Map<number, number[]>> {
  const rows = await db
    .selectFrom('substitutes')
    .select(['substitute_id', 'user_id'])
    .where('from_on', '<=', day)
    .where('to_on', '>=', day)
    .execute();
  const out = new Map<number, number[]>();
  for (const r of rows) out.set(r.substitute_id, [...(out.get(r.substitute_id) ?? []), r.user_id]);
  return out;
}

export async function findSubstitute(db: Db, id: number): Promise<Substitute | undefined> {
  const r = await withNames(db).where('substitutes.id', '=', id).executeTakeFirst();
  return r && toSubstitute(r);
}

export async function insertSubstitute(
  db: Db,
  s: { userId: number; substituteId: number; fromOn: string; toOn: string },
  by: number,
  now: string,
): Promise<number> {
  const r = await db
    .insertInto('substitutes')
    .values({
      user_id: s.userId,
      substitute_id: s.substituteId,
      from_on: s.fromOn,
      to_on: s.toOn,
      created_by: by,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Ends a period early: it lasts until `lastDay` (the day before it would start, to cancel it). */
export async function endSubstitute(db: Db, id: number, expectedVersion: number, lastDay: string, now: string) {
  const r = await db
    .updateTable('substitutes')
    .set((eb) => ({ to_on: lastDay, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
