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
  /**
   * In a form: the day IVO asked for the redovisning (Svarsdatum begärt), when it is not the
   * beslutsdatum (a new matter) or today (a moved svarsdatum); see respondBySinceAfter.
   */
  respondBySince?: string | null;
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
  /** The day the current svarsdatum was set: a redovisning sent from then on answers it. */
  respondBySince: string | null;
  closedOn: string | null;
  /** When the closing was saved: the nämnd hears of it in the next report, whatever its Avslutat date. */
  closedRecordedAt: string | null;
  closedNote: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * The day the svarsdatum counts from after a save (a redovisning sent from then on answers it):
 * for the svarsdatum of the decision a matter is registered with, the beslutsdatum (IVO set it
 * then; a redovisning may have gone before the matter was entered here); for a svarsdatum set or
 * moved later (a komplettering opens a new round), the day it is saved; an unchanged one keeps
 * its day; none has none. A day the user gives (Svarsdatum begärt) goes before all of these.
 */
export function respondBySinceAfter(
  before: Pick<Matter, 'respondBy' | 'respondBySince'> | null,
  after: Pick<MatterInput, 'respondBy' | 'decidedOn' | 'respondBySince'>,
  today: string,
): string | null {
  if (after.respondBy === null) return null;
  // The user said when IVO asked (a komplettering entered days after IVO's letter).
  if (after.respondBySince) return after.respondBySince;
  if (before === null) return after.decidedOn !== null && after.decidedOn <= today ? after.decidedOn : today;
  if (before.respondBy === after.respondBy) return before.respondBySince;
  return today;
}

/** Vite at risk, one sum per status: a threatened fine and an ordered one are never added together. */
export interface FineAtRisk {
  status: FineStatus;
  label: string;
  total: number;
  matters: number;
}

/** The vite at risk of these matters, per status (Risk för vite, then Föreläggande med vite), leaving out statuses with none. */
export function fineAtRiskByStatus(
  matters: readonly Pick<Matter, 'fineStatus' | 'fineAmount' | 'closedOn'>[],
): FineAtRisk[] {
  return FINE_STATUSES_AT_RISK.map((status) => {
    const of = matters.filter((m) => m.fineStatus === status && isFineAtRisk(m));
    return {
      status,
      label: FINE_STATUS_LABEL[status],
      total: of.reduce((sum, m) => sum + (m.fineAmount ?? 0), 0),
      matters: of.length,
    };
  }).filter((f) => f.matters > 0);
}

export function isFineAtRisk(m: Pick<Matter, 'fineStatus' | 'fineAmount' | 'closedOn'>): boolean {
  return m.closedOn === null && m.fineAmount !== null && FINE_STATUSES_AT_RISK.includes(m.fineStatus);
}
