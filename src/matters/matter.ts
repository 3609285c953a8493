export const MATTER_KINDS = [
  'ivo_supervision',
  'ivo_complaint',
  'lex_sarah_investigation',
  'lex_sarah_report',
  'revision',
  'internal_control',
  'other',
] as const;
export type MatterKind = (typeof MATTER_KINDS)[number];

export const MATTER_KIND_LABEL: Record<MatterKind, string> = {
  ivo_supervision: 'IVO-tillsyn',
  ivo_complaint: 'IVO-klagomål',
  lex_sarah_investigation: 'Lex Sarah-utredning',
  lex_sarah_report: 'Lex Sarah-anmälan',
  revision: 'Revision',
  internal_control: 'Egenkontroll',
  other: 'Övrigt',
};

export const FINE_STATUSES = ['none', 'risk', 'ordered', 'imposed'] as const;
export type FineStatus = (typeof FINE_STATUSES)[number];

export const FINE_STATUS_LABEL: Record<FineStatus, string> = {
  none: 'Ingen',
  risk: 'Risk för vite',
  ordered: 'Föreläggande med vite',
  imposed: 'Utdömt',
};

/** Vite still to be avoided: a fine threatened or ordered on a matter that is not closed. */
export const FINE_STATUSES_AT_RISK: readonly FineStatus[] = ['risk', 'ordered'];

/** The editable fields of a matter, as a validated form gives them. */
export interface MatterInput {
  committeeId: number;
  kind: MatterKind;
  title: string;
  unit: string;
  ivoReference: string;
  ownReference: string;
  decidedOn: string | null;
  respondBy: string | null;
  fineAmount: number | null;
  fineStatus: FineStatus;
  finalOn: string | null;
  followUpOn: string | null;
  legalBasis: string;
  description: string;
}

export interface Matter extends MatterInput {
  id: number;
  committeeName: string;
  closedOn: string | null;
  closedNote: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function isFineAtRisk(m: Pick<Matter, 'fineStatus' | 'fineAmount' | 'closedOn'>): boolean {
  return m.closedOn === null && m.fineAmount !== null && FINE_STATUSES_AT_RISK.includes(m.fineStatus);
}
