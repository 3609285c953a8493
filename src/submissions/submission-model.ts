import { LIGHTS } from '../deadlines/lights.ts';
import {
  ACTION_STATUS_LABEL,
  actionLight,
  actionsOn,
  dueOnAt,
  isProgressNote,
  type ActionUpdate,
} from '../actions/action.ts';
import { formatDate } from '../shared/format.ts';
import { groupBy } from '../shared/objects.ts';
import { swedishDateAt } from '../clock.ts';
import { MATTER_KIND_LABEL, type MatterKind } from '../matters/matter.ts';

export interface SubmissionInput {
  matter: {
    id: number;
    kind: MatterKind;
    title: string;
    ivoReference: string;
    ownReference: string;
    decidedOn: string | null;
    respondBy: string | null;
    committeeName: string;
  };
  findings: { id: number; title: string; description: string; responseRequired: boolean; actionIds: number[] }[];
  actions: {
    id: number;
    title: string;
    ownerName: string;
    dueOn: string;
  }[];
  /** The actions' histories (statusuppdateringar), in any order. */
  updates: readonly Pick<
    ActionUpdate,
    'id' | 'actionId' | 'createdAt' | 'toStatus' | 'comment' | 'fromDueOn' | 'toDueOn' | 'dueRequest'
  >[];
  /** What the nämnd writes around it; null: the defaults (defaultSubmissionFrame). */
  frame: SubmissionFrameInput | null;
  /** The day the redovisning speaks of: its sent date (the draft: today). Later updates are not in it. */
  asOf: string;
  /** The findings this redovisning covers; null means every finding that requires a response. */
  findingIds: number[] | null;
  preparedBy: string;
  today: string;
  warningDays: number;
  /** The bilagor of the matter, its brister and their åtgärder (those marked felaktigt uppladdad left out). */
  attachments?: {
    item: 'matter' | 'finding' | 'action' | 'submission';
    itemId: number;
    kind: string;
    fileName: string;
    kindLabel: string;
    uploadedAt: string;
  }[];
}

/** A bilaga the redovisning lists (by name; the file is sent along or kept in Åtgärdsplan). */
export interface SubmissionAttachment {
  fileName: string;
  kindLabel: string;
  uploadedAt: string;
  /** Whose bilaga: "ärendet", "bristen ”…”", "åtgärden ”…”". */
  of: string;
}

/** The covering frame of a redovisning, as typed when it is registered. */
export interface SubmissionFrameInput {
  /** "Till": IVO. */
  addressee: string;
  /** The nämnd's decision, e.g. "§ 45". */
  decision: string;
  decisionOn: string | null;
  /** Följebrev. */
  coveringText: string;
  /** Bilagor, one per line. */
  attachments: string;
}

export const IVO = 'Inspektionen för vård och omsorg (IVO)';

/** The frame before anyone has written in it. */
export function defaultSubmissionFrame(matter: SubmissionInput['matter']): SubmissionFrameInput {
  const decided = matter.decidedOn ? ` den ${formatDate(matter.decidedOn)}` : '';
  const dnr = matter.ivoReference ? ` (dnr ${matter.ivoReference})` : '';
  return {
    addressee: IVO,
    decision: '',
    decisionOn: null,
    coveringText: `${matter.committeeName} lämnar härmed redovisning av vidtagna och planerade åtgärder med anledning av IVO:s beslut${decided}${dnr}. Nedan redovisas för varje brist vilka åtgärder som har vidtagits och hur långt de har kommit.`,
    attachments: '',
  };
}

export interface SubmissionAction {
  id: number;
  title: string;
  ownerName: string;
  dueOn: string;
  statusText: string;
  finishedOn: string | null;
  /** The latest statusuppdatering's comment as of the sent date. */
  latestComment: string | null;
}

export interface SubmissionFinding {
  id: number;
  title: string;
  description: string;
  actions: SubmissionAction[];
}

export interface Submission {
  frame: {
    addressee: string;
    decision: string;
    decisionOn: string | null;
    coveringText: string;
    attachments: string[];
  };
  heading: {
    committeeName: string;
    matterTitle: string;
    kindLabel: string;
    ivoReference: string;
    ownReference: string;
    decidedOn: string | null;
    respondBy: string | null;
    preparedBy: string;
    date: string;
  };
  findings: SubmissionFinding[];
  /** The items' bilagor as of the sent date; absent in redovisningar registered before bilagor existed. */
  itemAttachments?: SubmissionAttachment[];
}

/**
 * The bilagor a redovisning lists: those uploaded by its sent date, of the matter (not IVO's own
 * beslut, which IVO has), of the brister it covers and of their åtgärder, in that order.
 */
function itemAttachments(input: SubmissionInput, findings: SubmissionFinding[]): SubmissionAttachment[] {
  const uploadedBy = (a: { uploadedAt: string }) => swedishDateAt(Date.parse(a.uploadedAt)) <= input.asOf;
  const all = (input.attachments ?? []).filter(uploadedBy);
  const of = (item: string, id: number) => all.filter((a) => a.item === item && a.itemId === id);
  const entry = (a: (typeof all)[number], whose: string) => ({
    fileName: a.fileName,
    kindLabel: a.kindLabel,
    uploadedAt: a.uploadedAt,
    of: whose,
  });
  const seenActions = new Set<number>();
  return [
    ...of('matter', input.matter.id)
      .filter((a) => a.kind !== 'decision')
      .map((a) => entry(a, 'ärendet')),
    ...findings.flatMap((f) => [
      ...of('finding', f.id).map((a) => entry(a, `bristen ”${f.title}”`)),
      ...f.actions.flatMap((act) => {
        if (seenActions.has(act.id)) return [];
        seenActions.add(act.id);
        return of('action', act.id).map((a) => entry(a, `åtgärden ”${act.title}”`));
      }),
    ]),
  ];
}

/** The nämnd's redovisning to IVO: each finding that requires a response and what was done about it, as on its sent date. */
export function buildSubmission(input: SubmissionInput): Submission {
  const states = actionsOn(input.updates, input.asOf);
  const notes = latestNotes(input.updates, input.asOf);
  const historyOf = groupBy(
    input.updates,
    (u) => u.actionId,
    (u) => u,
  );
  const actions = new Map(
    input.actions.flatMap((a) => {
      const then = states.get(a.id);
      if (!then) return [];
      const dueOn = dueOnAt(a.dueOn, historyOf.get(a.id) ?? [], input.asOf);
      return [[a.id, { ...a, ...then, dueOn }] as const];
    }),
  );
  const chosen = input.findingIds === null ? null : new Set(input.findingIds);
  const findings = input.findings
    .filter((f) => f.responseRequired && (chosen === null || chosen.has(f.id)))
    .map((f) => ({
      id: f.id,
      title: f.title,
      description: f.description,
      actions: f.actionIds
        .map((id) => actions.get(id))
        .filter((a) => a !== undefined)
        .sort((a, b) => (a.dueOn !== b.dueOn ? (a.dueOn < b.dueOn ? -1 : 1) : a.id - b.id))
        .map((a) => {
          const light = actionLight({ status: a.status, dueOn: a.dueOn }, input.asOf, input.warningDays);
          const statusText =
            light === 'overdue'
              ? `${LIGHTS.overdue.symbol} ${ACTION_STATUS_LABEL[a.status]} (försenad)`
              : `${LIGHTS[light].symbol} ${ACTION_STATUS_LABEL[a.status]}`;
          return {
            id: a.id,
            title: a.title,
            ownerName: a.ownerName,
            dueOn: a.dueOn,
            statusText,
            finishedOn: a.finishedOn,
            latestComment: notes.get(a.id) ?? null,
          };
        }),
    }));
  const m = input.matter;
  const frame = input.frame ?? defaultSubmissionFrame(m);
  return {
    frame: {
      ...frame,
      attachments: frame.attachments
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    },
    heading: {
      committeeName: m.committeeName,
      matterTitle: m.title,
      kindLabel: MATTER_KIND_LABEL[m.kind] ?? m.kind,
      ivoReference: m.ivoReference,
      ownReference: m.ownReference,
      decidedOn: m.decidedOn,
      respondBy: m.respondBy,
      preparedBy: input.preparedBy,
      date: input.today,
    },
    findings,
    itemAttachments: itemAttachments(input, findings),
  };
}

/** Each action's latest progress note (isProgressNote) written on or before `day` (Europe/Stockholm). */
function latestNotes(updates: SubmissionInput['updates'], day: string): Map<number, string> {
  const latest = new Map<number, { id: number; comment: string }>();
  for (const u of updates) {
    if (!isProgressNote(u) || swedishDateAt(Date.parse(u.createdAt)) > day) continue;
    const seen = latest.get(u.actionId);
    if (!seen || u.id > seen.id) latest.set(u.actionId, { id: u.id, comment: u.comment });
  }
  return new Map([...latest].map(([id, n]) => [id, n.comment]));
}
