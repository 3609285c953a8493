import type { ActionStatus, ActionUpdate } from '../actions/action.ts';
import type { Matter } from '../matters/matter.ts';
import type { Finding } from '../findings/finding.ts';

// What the report is built from: plain data read from the database, no rules applied yet.

export interface ReportFindingData {
  id: number;
  title: string;
  responseRequired: boolean;
  actionIds: number[];
  /** When the brist was registered (a new one is news to the nämnd). */
  createdAt: string;
  effect: Finding['effect'];
  effectAssessedOn: string | null;
  effectComment: string;
}

/** The matter's own fields, as the app's Matter names them, with its findings. */
export interface ReportMatterData extends Pick<
  Matter,
  | 'id'
  | 'kind'
  | 'title'
  | 'unit'
  | 'ivoReference'
  | 'ownReference'
  | 'decidedOn'
  | 'respondBy'
  | 'respondBySince'
  | 'fineAmount'
  | 'fineStatus'
  | 'closedOn'
  | 'closedRecordedAt'
  | 'closedNote'
  | 'createdAt'
> {
  findings: ReportFindingData[];
  /** The redovisningar sent to IVO: which findings each covered, and when. */
  submissions: { sentOn: string; findingIds: number[]; registeredAt: string; findingTitles: string[] }[];
}

export interface ReportActionData {
  id: number;
  title: string;
  ownerName: string;
  dueOn: string;
  status: ActionStatus;
  createdAt: string;
}

/** One statusuppdatering (the action's history); fromStatus is null for the entry written when the action was created. */
export type ReportUpdateData = ActionUpdate;

export interface PreviousReport {
  documentId: string;
  issuedAt: string;
  /** The calendar date (Europe/Stockholm) of issuedAt. */
  issuedOn: string;
  meetingOn: string;
}

/** A bilaga of an item in the report (only listed, never embedded), and which item it belongs to. */
export interface ReportAttachmentData {
  item: 'matter' | 'finding' | 'action' | 'submission';
  itemId: number;
  fileName: string;
  kindLabel: string;
  uploadedAt: string;
}
