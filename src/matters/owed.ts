import type { Matter } from './matter.ts';

/** What the rule reads of a matter's tree: the matter, its findings, its redovisningar. */
export interface OwedInput {
  matter: Pick<Matter, 'respondBy' | 'respondBySince' | 'closedOn'>;
  findings: readonly { id: number; responseRequired: boolean }[];
  submissions: readonly { sentOn: string; findingIds: readonly number[] }[];
}

export interface OwedToIvo {
  /** The findings still owed a redovisning, in the order given. */
  owedFindingIds: number[];
  /** When nothing is owed but something was asked: the day the last redovisning of this round was sent. */
  answeredOn: string | null;
}

/**
 * What the matter still owes IVO: a finding that requires a response is owed until a Redovisning
 * till IVO covering it has been sent on or after the day the current svarsdatum was set (a new
 * svarsdatum opens a new round; without a recorded day every redovisning counts). A closed matter
 * owes nothing. Whether the actions are done does not answer IVO: only a redovisning does.
 * This is the one rule; `owedFindingCount` in matters.repository.ts is the same rule in SQL, and a
 * test (test/integration/owed-rule.test.ts) holds the two and every page to it.
 */
export function owedToIvo({ matter, findings, submissions }: OwedInput): OwedToIvo {
  if (matter.closedOn !== null) return { owedFindingIds: [], answeredOn: null };
  const since = matter.respondBySince;
  const counting = submissions.filter((s) => since === null || s.sentOn >= since);
  const asked = findings.filter((f) => f.responseRequired);
  const owedFindingIds = asked.filter((f) => !counting.some((s) => s.findingIds.includes(f.id))).map((f) => f.id);
  if (owedFindingIds.length > 0 || asked.length === 0) return { owedFindingIds, answeredOn: null };
  const askedIds = new Set(asked.map((f) => f.id));
  const answering = counting.filter((s) => s.findingIds.some((id) => askedIds.has(id)));
  return { owedFindingIds, answeredOn: answering.reduce((last, s) => (s.sentOn > last ? s.sentOn : last), '') };
}
