import type { TestApp } from './app.ts';
import { insertCommittee } from '../../src/committees/committees.repository.ts';
import { createMatter } from '../../src/matters/matters.service.ts';
import { addFinding } from '../../src/findings/findings.service.ts';
import { createAction, updateStatus, getAction } from '../../src/actions/actions.service.ts';
import { findUserById } from '../../src/users/users.repository.ts';
import { nowIso } from '../../src/clock.ts';
import type { MatterInput } from '../../src/matters/matter.ts';
import type { ActionStatus } from '../../src/actions/action.ts';

/** Builders that arrange data through the real services, so tests start from states users can reach. */
let n = 0;

export async function aCommittee(t: TestApp, name?: string): Promise<number> {
  n += 1;
  return insertCommittee(t.db, {
    name: name ?? `Testnämnden ${n}`,
    administration: 'Testförvaltningen',
    now: nowIso(t.clock),
  });
}

export async function aMatter(t: TestApp, byUserId: number, over: Partial<MatterInput> = {}): Promise<number> {
  const committeeId = over.committeeId ?? (await aCommittee(t));
  const user = (await findUserById(t.db, byUserId))!;
  return createMatter(t.db, t.clock, user, {
    committeeId,
    kind: 'ivo_supervision',
    title: 'Handläggning och dokumentation av utredningar',
    unit: 'Vuxen – myndighetsutövning',
    ivoReference: '8.5-12345/2026',
    ownReference: 'SN 2026/123',
    decidedOn: '2026-02-02',
    respondBy: '2026-04-04',
    fineAmount: null,
    fineStatus: 'none',
    finalOn: null,
    followUpOn: null,
    legalBasis: '',
    description: '',
    ...over,
  });
}

export async function aFinding(
  t: TestApp,
  matterId: number,
  title = 'Brister i utredningstider',
  responseRequired = true,
): Promise<number> {
  const anyone = await t.db.selectFrom('users').select('id').orderBy('id').executeTakeFirstOrThrow();
  return addFinding(t.db, t.clock, (await findUserById(t.db, anyone.id))!, matterId, {
    title,
    description: '',
    responseRequired,
  });
}

export async function anAction(
  t: TestApp,
  byUserId: number,
  a: { findingIds: number[]; ownerId: number; dueOn?: string; title?: string; status?: ActionStatus },
): Promise<number> {
  const by = (await findUserById(t.db, byUserId))!;
  const id = await createAction(t.db, t.clock, by, {
    title: a.title ?? 'Införa checklista för utredningstider',
    description: '',
    ownerId: a.ownerId,
    dueOn: a.dueOn ?? '2026-06-30',
    findingIds: a.findingIds,
  });
  if (a.status && a.status !== 'not_started') {
    const current = await getAction(t.db, id);
    await updateStatus(t.db, t.clock, by, id, current.version, { status: a.status, comment: `Satt till ${a.status}` });
  }
  return id;
}
