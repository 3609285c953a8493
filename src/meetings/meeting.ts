export interface Meeting {
  id: number;
  committeeId: number;
  committeeName: string;
  heldOn: string;
  title: string;
  ownReference: string;
  place: string;
  note: string;
  cancelledAt: string | null;
  cancelledReason: string;
  version: number;
}

export interface MeetingInput {
  committeeId: number;
  heldOn: string;
  title: string;
  ownReference: string;
  place: string;
  note: string;
}

/** What the nämnd has of a meeting's återrapportering. */
export type ReportState = 'none' | 'draft' | 'issued';

export const REPORT_STATE_LABEL: Record<ReportState, string> = {
  none: 'Ingen',
  draft: 'Utkast',
  issued: 'Utfärdad',
};

/**
 * A report is issued once it is stored; until then a coming meeting has a draft that
 * can be previewed. A past or cancelled meeting that was never issued has none.
 */
export function reportState(
  m: Pick<Meeting, 'heldOn' | 'cancelledAt'>,
  issuedVersions: number,
  today: string,
): ReportState {
  if (issuedVersions > 0) return 'issued';
  if (m.cancelledAt !== null || m.heldOn < today) return 'none';
  return 'draft';
}

export const DEFAULT_MEETING_TITLE = 'Återrapportering av åtgärdsplan';
