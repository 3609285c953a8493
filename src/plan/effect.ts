import { daysBetween } from '../deadlines/calendar.ts';
import type { ActionStatus } from '../actions/action.ts';
import { EFFECT_LABEL, type Finding } from '../findings/finding.ts';

/**
 * Uppföljning av effekt for one brist (IVO expects the nämnd's quality system, SOSFS 2011:9, to
 * know whether the actions worked, not only that they were done):
 * - 'recorded': the förvaltningschef has assessed it;
 * - 'missing': all its actions have been finished for more than `followUpDays` without one
 *   ("Uppföljning saknas");
 * - 'possible': all its actions are finished, and it may be assessed;
 * - 'not_yet': it has no actions, or some are not finished.
 */
export type EffectState = 'recorded' | 'missing' | 'possible' | 'not_yet';

export interface EffectFollowUp {
  state: EffectState;
  /** The assessment's label ("Effekt uppnådd"), when recorded. */
  label: string | null;
  /** The day the last of its actions was finished, when all are. */
  actionsFinishedOn: string | null;
}

/** The one rule of when a brist's effect is due to be followed up; the matter page and the report use it. */
export function effectFollowUp(
  finding: Pick<Finding, 'effect' | 'effectAssessedOn'>,
  actions: readonly { status: ActionStatus; finishedOn: string | null }[],
  today: string,
  followUpDays: number,
): EffectFollowUp {
  const allFinished =
    actions.length > 0 && actions.every((a) => (a.status === 'done' || a.status === 'cancelled') && a.finishedOn);
  const actionsFinishedOn = allFinished
    ? actions.reduce((last, a) => (a.finishedOn! > last ? a.finishedOn! : last), '')
    : null;
  // An assessment stands while the actions it assessed stay finished; a reopened or new action
  // makes the brist's work open again.
  if (actionsFinishedOn === null) return { state: 'not_yet', label: null, actionsFinishedOn };
  if (finding.effect !== null) return { state: 'recorded', label: EFFECT_LABEL[finding.effect], actionsFinishedOn };
  const overdue = daysBetween(actionsFinishedOn, today) > followUpDays;
  return { state: overdue ? 'missing' : 'possible', label: null, actionsFinishedOn };
}
