import { countText, formatDate, formatMoney } from '../shared/format.ts';
import type { Report } from './report-model.ts';

/**
 * The tjänsteskrivelse an återrapportering goes to the nämnd with: what the nämndsekreterare
 * writes around the report (the report itself becomes its Bilaga 1). A draft keeps what was
 * typed; issuing freezes it with the report.
 */
export interface ReportFrame {
  /** "Till": the nämnd. */
  addressee: string;
  datedOn: string;
  /** Diarienummer: the sammanträde's own, unless another is typed. */
  reference: string;
  /** Handläggare. */
  officer: string;
  /** Ärende: the heading of the tjänsteskrivelse. */
  subject: string;
  /** Förslag till beslut. */
  proposal: string;
  /** Null: generated from the report's figures (generatedSummary) each time it is drawn. */
  summary: string | null;
  background: string;
  /** Förvaltningens bedömning. */
  assessment: string;
  /** Konsekvenser (barnrättsperspektiv, ekonomi); optional. */
  consequences: string;
  signatoryName: string;
  signatoryTitle: string;
  /** Further bilagor, one per line; the återrapportering itself is always Bilaga 1. */
  attachments: string;
  /** Null until saved the first time (the defaults are shown). */
  version: number | null;
}

export type ReportFrameInput = Omit<ReportFrame, 'version'>;

export const DEFAULT_PROPOSAL = 'Nämnden godkänner återrapporteringen och lägger den till handlingarna.';

export const DEFAULT_BACKGROUND =
  'Inspektionen för vård och omsorg (IVO) och förvaltningens egna utredningar enligt lex Sarah har funnit brister i verksamheten. Nämnden har beslutat om åtgärder för att avhjälpa bristerna och följer vid varje sammanträde upp hur arbetet med dem går.';

/** What a frame holds before anyone has written in it. */
export function defaultFrame(ctx: {
  committeeName: string;
  meetingOn: string;
  meetingReference: string;
  today: string;
  officer: string;
  signatoryName: string;
}): ReportFrame {
  return {
    addressee: ctx.committeeName,
    datedOn: ctx.today,
    reference: ctx.meetingReference,
    officer: ctx.officer,
    subject: `Återrapportering av åtgärder efter tillsyn och lex Sarah, sammanträdet ${formatDate(ctx.meetingOn)}`,
    proposal: DEFAULT_PROPOSAL,
    summary: null,
    background: DEFAULT_BACKGROUND,
    assessment: '',
    consequences: '',
    signatoryName: ctx.signatoryName,
    signatoryTitle: 'Förvaltningschef',
    attachments: '',
    version: null,
  };
}

/** The Sammanfattning's draft, from the report's figures: what the nämnd asks first. */
export function generatedSummary(report: Report): string {
  const s = report.summary;
  const count = (status: string) => s.byStatus.find((b) => b.status === status)?.count ?? 0;
  const open = report.matters.filter((m) => m.closedOn === null).length;
  const parts = [
    `Förvaltningen återrapporterar läget i ${countText(open, 'öppet ärende', 'öppna ärenden')} med ${countText(s.totalActions, 'åtgärd', 'åtgärder')}.`,
    `${countText(count('done'), 'åtgärd är klar', 'åtgärder är klara')}, ${count('in_progress')} pågår och ${count('not_started')} har inte påbörjats${count('cancelled') ? `; ${count('cancelled')} har avbrutits` : ''}.`,
    s.overdue.length === 0
      ? 'Ingen åtgärd är försenad.'
      : `${countText(s.overdue.length, 'åtgärd är försenad', 'åtgärder är försenade')}.`,
    s.nextMeetingOn
      ? `Före nästa sammanträde (${formatDate(s.nextMeetingOn)}) ska ${countText(s.responsesDue.length, 'redovisning', 'redovisningar')} lämnas till IVO.`
      : `${countText(s.responsesDue.length, 'redovisning', 'redovisningar')} till IVO återstår.`,
  ];
  if (s.fineAtRisk.length > 0)
    parts.push(
      `Vite som riskeras: ${s.fineAtRisk.map((f) => `${f.label.toLowerCase()} ${formatMoney(f.total)}`).join(', ')}.`,
    );
  return parts.join(' ');
}

/** The frame as it is printed: the summary resolved, the bilagor numbered from 2. */
export interface PrintedFrame extends Omit<ReportFrame, 'summary' | 'attachments' | 'version'> {
  summary: string;
  attachments: string[];
}

export function printedFrame(frame: ReportFrame, report: Report): PrintedFrame {
  const { version: _version, ...rest } = frame;
  const h = report.heading;
  return {
    ...rest,
    summary: frame.summary ?? generatedSummary(report),
    attachments: [
      `Återrapportering av åtgärder, ${h.committeeName}, sammanträdet ${formatDate(h.meetingOn)}`,
      ...frame.attachments
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    ],
  };
}

/** The frame's sections in print order; empty optional ones are left out. */
export function frameSections(f: PrintedFrame): { heading: string; text: string }[] {
  return [
    { heading: 'Förslag till beslut', text: f.proposal },
    { heading: 'Sammanfattning', text: f.summary },
    { heading: 'Bakgrund', text: f.background },
    { heading: 'Förvaltningens bedömning', text: f.assessment },
    { heading: 'Konsekvenser', text: f.consequences },
  ].filter((s) => s.text.trim() !== '');
}

/** The lines under the document's title: who it is to, when, which dnr, who wrote it. */
export function frameFacts(f: PrintedFrame): [string, string][] {
  return [
    ['Till', f.addressee],
    ['Datum', formatDate(f.datedOn)],
    ...(f.reference ? [['Diarienummer', f.reference] as [string, string]] : []),
    ['Handläggare', f.officer],
  ];
}

/** The fields' labels, as the form and its messages name them. */
export const FRAME_LABEL: Record<keyof ReportFrameInput, string> = {
  addressee: 'Till',
  datedOn: 'Datum',
  reference: 'Diarienummer',
  officer: 'Handläggare',
  subject: 'Ärende',
  proposal: 'Förslag till beslut',
  summary: 'Sammanfattning',
  background: 'Bakgrund',
  assessment: 'Förvaltningens bedömning',
  consequences: 'Konsekvenser',
  signatoryName: 'Underskrift, namn',
  signatoryTitle: 'Underskrift, titel',
  attachments: 'Övriga bilagor',
};
