import type { ActionStatus } from '../deadlines/lights.ts';
import type { FineStatus, MatterKind } from '../matters/matter.ts';

// What the report is built from: plain data read from the database, no rules applied yet.

export interface ReportFindingData {
  id: number;
  title: string;
  responseRequired: boolean;
  actionIds: number[];
}

export interface ReportMatterData {
  id: number;
  kind: MatterKind;
  title: string;
  unit: string;
  ivoReference: string;
  ownReference: string;
  decidedOn: string | null;
  respondBy: string | null;
  fineAmount: number | null;
  fineStatus: FineStatus;
  closedOn: string | null;
  closedNote: string;
  createdAt: string;
  findings: ReportFindingData[];
}

export interface ReportActionData {
  id: number;
  title: string;
  ownerName: string;
  dueOn: string;
  status: ActionStatus;
  createdAt: string;
}

/** One statusuppdatering; fromStatus is null for the entry written when the action was created. */
export interface ReportUpdateData {
  id: number;
  actionId: number;
  createdAt: string;
  fromStatus: ActionStatus | null;
  toStatus: ActionStatus;
  comment: string;
  userName: string;
}

export interface PreviousReport {
  documentId: string;
  issuedAt: string;
  /** The calendar date (Europe/Stockholm) of issuedAt. */
  issuedOn: string;
  meetingOn: string;
}
