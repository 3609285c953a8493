import type { Matter } from '../matters/matter.ts';
import type { Finding } from '../findings/finding.ts';
import type { Action } from '../actions/action.ts';

/** An action in a matter's tree: with its newest comment and the findings (of any matter) it addresses. */
export interface TreeAction extends Action {
  lastComment: string | null;
  findingIds: number[];
}

/** A finding in a matter's tree, with the ids of the actions addressing it (by slutdatum). */
export interface TreeFinding extends Finding {
  actionIds: number[];
}

/** A redovisning till IVO as registered: when it was sent and which findings it covered. */
export interface SubmissionRecord {
  id: number;
  matterId: number;
  roundNo: number;
  sentOn: string;
  note: string;
  documentId: string;
  sha256: string;
  registeredByName: string;
  registeredAt: string;
  /** Whether its Word file was kept (redovisningar registered since migration 011). */
  hasDocx: boolean;
  findingIds: number[];
  findingTitles: string[];
}

/**
 * One matter's åtgärdsplan: the matter, its findings, every action addressing them (each once,
 * by slutdatum, however many of the findings it addresses) and the redovisningar sent to IVO.
 */
export interface MatterTree {
  matter: Matter;
  findings: TreeFinding[];
  actions: TreeAction[];
  submissions: SubmissionRecord[];
}
