import { asUser } from '../db/as-user.ts';
import type { Db } from '../db/connection.ts';
import { nowIso, type Clock } from '../clock.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../shared/errors.ts';
import { sameCommitteeName, type Committee } from './committee.ts';
import * as repo from './committees.repository.ts';
import * as orgRepo from './organisation.repository.ts';
import { acceptLogo, NO_ORGANISATION, type Organisation } from './organisation.ts';
import { sha256 } from '../shared/sha256.ts';

export interface CommitteeInput {
  name: string;
  administration: string;
}

export function listCommittees(db: Db, options: { activeOnly?: boolean } = {}): Promise<Committee[]> {
  return repo.listCommittees(db, options);
}

export async function getCommittee(db: Db, id: number): Promise<Committee> {
  const found = await repo.findCommittee(db, id);
  if (!found) throw new NotFoundError('Nämnden finns inte.');
  return found;
}

/**
 * A nämnd a form may choose: one that exists and is active, or the one an item already has (an
 * item may keep a nämnd that has since been made inactive).
 */
export async function assertCommitteeChoosable(db: Db, committeeId: number, current?: number): Promise<void> {
  const found = await repo.findCommittee(db, committeeId);
  if (!found || (!found.active && found.id !== current)) throw new InvalidInputError({ committeeId: 'Välj nämnd.' });
}

async function assertNameFree(db: Db, name: string, exceptId?: number): Promise<void> {
  const taken = (await repo.listCommittees(db)).find((c) => c.id !== exceptId && sameCommitteeName(c.name, name));
  if (taken) {
    const inactive = taken.active ? '' : ' Den är inaktiverad; aktivera den i stället för att skapa en ny.';
    throw new InvalidInputError({ name: `Det finns redan en nämnd som heter ${taken.name}.${inactive}` });
  }
}

export async function createCommittee(db: Db, clock: Clock, actorId: number, input: CommitteeInput): Promise<number> {
  // Checked inside the transaction, so two admins creating the same name cannot both succeed.
  return asUser(db, clock, actorId, async (tx) => {
    await assertNameFree(tx, input.name);
    return repo.insertCommittee(tx, { ...input, now: nowIso(clock) });
  });
}

export async function updateCommittee(
  db: Db,
  clock: Clock,
  actorId: number,
  id: number,
  expectedVersion: number,
  input: CommitteeInput & { active: boolean },
): Promise<void> {
  await getCommittee(db, id);
  await asUser(db, clock, actorId, async (tx) => {
    await assertNameFree(tx, input.name, id);
    if (!(await repo.updateCommittee(tx, id, expectedVersion, input))) {
      throw new ConflictError<Committee>((await repo.findCommittee(tx, id))!);
    }
  });
}

/** The kommun's name and logo, as every document is headed. */
export async function getOrganisation(db: Db): Promise<Organisation> {
  return (await orgRepo.findOrganisation(db)) ?? NO_ORGANISATION;
}

/**
 * Saves the kommun's name and, when a file is given, a new logo (checked by acceptLogo);
 * `removeLogo` takes the logo away. Bad input changes nothing.
 */
export async function saveOrganisation(
  db: Db,
  clock: Clock,
  userId: number,
  version: number | null,
  input: { municipality: string; logoFile: Buffer | null; removeLogo: boolean },
): Promise<void> {
  let logo: { png: Buffer; sha256: string } | null | undefined = undefined;
  if (input.logoFile) {
    const accepted = await acceptLogo(input.logoFile);
    if ('problem' in accepted) throw new InvalidInputError({ logo: accepted.problem });
    logo = { png: accepted.png, sha256: sha256(accepted.png) };
  } else if (input.removeLogo) logo = null;
  const ok = await asUser(db, clock, userId, (tx) =>
    orgRepo.saveOrganisation(tx, version, { municipality: input.municipality, logo }, userId, nowIso(clock)),
  );
  if (!ok) throw new ConflictError(await getOrganisation(db));
}
