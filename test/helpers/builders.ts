import type { Db } from '../../src/db/connection.ts';
import type { ActionStatus } from '../../src/actions/action.ts';

// Rows inserted directly, so report tests do not depend on the matters/actions UI.
// All data is fictional (Exempelkommun).

const AT = '2026-01-10T09:00:00.000Z';
let counter = 0;

export async function aCommittee(
  db: Db,
  name = 'Socialnämnden',
  administration = 'Socialförvaltningen',
): Promise<number> {
  const r = await db
    .insertInto('committees')
    .values({ name, administration, created_at: AT })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function aPerson(db: Db, name: string, role = 'manager'): Promise<number> {
  counter += 1;
  const r = await db
    .insertInto('users')
    .values({
      email: `person${counter}.${Date.now()}@exempelkommun.se`,
      name,
      role,
      password_hash: null,
      created_at: AT,
      updated_at: AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface MatterFields {
  committeeId: number;
  title?: string;
  kind?: string;
  ivoReference?: string;
  ownReference?: string;
  decidedOn?: string | null;
  respondBy?: string | null;
  fineAmount?: number | null;
  fineStatus?: string;
  closedOn?: string | null;
  closedNote?: string;
  unit?: string;
  createdAt?: string;
  /** The day the svarsdatum was set (null: every redovisning counts). */
  respondBySince?: string | null;
}

export async function aMatter(db: Db, m: MatterFields): Promise<number> {
  const r = await db
    .insertInto('matters')
    .values({
      committee_id: m.committeeId,
      kind: m.kind ?? 'ivo_supervision',
      title: m.title ?? 'Handläggning och dokumentation av utredningar',
      unit: m.unit ?? 'Vuxen – myndighetsutövning',
      ivo_reference: m.ivoReference ?? '8.5-12345/2025',
      own_reference: m.ownReference ?? 'SN 2025/123',
      decided_on: m.decidedOn === undefined ? '2025-11-04' : m.decidedOn,
      respond_by: m.respondBy === undefined ? '2026-04-04' : m.respondBy,
      respond_by_since: m.respondBySince ?? null,
      fine_amount: m.fineAmount ?? null,
      fine_status: m.fineStatus ?? 'none',
      final_on: null,
      follow_up_on: null,
      legal_basis: '',
      description: '',
      closed_on: m.closedOn ?? null,
      closed_note: m.closedNote ?? '',
      created_by: null,
      created_at: m.createdAt ?? AT,
      updated_by: null,
      updated_at: m.createdAt ?? AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function aFinding(
  db: Db,
  matterId: number,
  title = 'Brister i utredningstider',
  responseRequired = true,
): Promise<number> {
  const r = await db
    .insertInto('findings')
    .values({
      matter_id: matterId,
      title,
      description: '',
      response_required: responseRequired ? 1 : 0,
      created_at: AT,
      updated_at: AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface ActionFields {
  committeeId: number;
  ownerId: number;
  findingIds?: number[];
  title?: string;
  dueOn?: string;
  status?: ActionStatus;
  createdAt?: string;
  comment?: string;
}

/** An action with its creation entry in the history, as the app writes it. */
export async function anAction(db: Db, a: ActionFields): Promise<number> {
  const createdAt = a.createdAt ?? AT;
  const status = a.status ?? 'not_started';
  const r = await db
    .insertInto('actions')
    .values({
      committee_id: a.committeeId,
      title: a.title ?? 'Säkerställa att relevanta bedömningar dokumenteras',
      description: '',
      owner_id: a.ownerId,
      due_on: a.dueOn ?? '2026-06-30',
      status,
      created_by: a.ownerId,
      created_at: createdAt,
      updated_at: createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const f of a.findingIds ?? [])
    await db.insertInto('action_findings').values({ action_id: r.id, finding_id: f }).execute();
  await db
    .insertInto('action_updates')
    .values({
      action_id: r.id,
      user_id: a.ownerId,
      created_at: createdAt,
      from_status: null,
      to_status: status,
      comment: a.comment ?? '',
    })
    .execute();
  return r.id;
}

/** A statusuppdatering: changes the status and appends to the history. */
export async function aStatusUpdate(
  db: Db,
  actionId: number,
  byId: number,
  to: ActionStatus,
  at: string,
  comment = '',
): Promise<void> {
  const current = await db.selectFrom('actions').select('status').where('id', '=', actionId).executeTakeFirstOrThrow();
  await db
    .updateTable('actions')
    .set((eb) => ({ status: to, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', actionId)
    .execute();
  await db
    .insertInto('action_updates')
    .values({ action_id: actionId, user_id: byId, created_at: at, from_status: current.status, to_status: to, comment })
    .execute();
}

export async function aMeeting(
  db: Db,
  committeeId: number,
  heldOn: string,
  fields: { title?: string; ownReference?: string; cancelled?: boolean } = {},
): Promise<number> {
  const r = await db
    .insertInto('meetings')
    .values({
      committee_id: committeeId,
      held_on: heldOn,
      title: fields.title ?? '',
      own_reference: fields.ownReference ?? '',
      place: '',
      note: '',
      cancelled_at: fields.cancelled ? AT : null,
      created_by: null,
      created_at: AT,
      updated_at: AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
