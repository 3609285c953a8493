import { findPersonalIdentityNumber } from '../shared/personnummer.ts';
import type { Report, ReportActionRow } from './report-model.ts';

export interface PersonalDataHit {
  /** Where in the report, in words a secretary can follow to the record. */
  where: string;
}

function inAction(a: ReportActionRow, context: string): PersonalDataHit | null {
  if (findPersonalIdentityNumber(a.title)) return { where: `${context}, åtgärden "${a.title}" (rubriken)` };
  if (findPersonalIdentityNumber(a.ownerName)) return { where: `${context}, åtgärden "${a.title}" (ansvarig)` };
  if (a.latestComment && findPersonalIdentityNumber(a.latestComment.text))
    return { where: `${context}, åtgärden "${a.title}" (senaste kommentaren)` };
  return null;
}

function anywhere(value: unknown, path: string): PersonalDataHit | null {
  if (typeof value === 'string') return findPersonalIdentityNumber(value) ? { where: path } : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = anywhere(v, `${path} (rad ${i + 1})`);
      if (hit) return hit;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = anywhere(v, `${path} – ${k}`);
      if (hit) return hit;
    }
  }
  return null;
}

/**
 * A report is a public record: before it is frozen, every text in it is checked for a
 * personnummer or samordningsnummer, also text stored before the input guard existed.
 */
export function findPersonalDataInReport(report: Report): PersonalDataHit | null {
  for (const m of report.matters) {
    const matter = `ärendet "${m.title}"`;
    for (const [label, text] of [
      ['rubriken', m.title],
      ['verksamheten', m.unit],
      ['IVO:s diarienummer', m.ivoReference],
      ['eget diarienummer', m.ownReference],
      ['avslutsanteckningen', m.closedNote],
    ] as const) {
      if (findPersonalIdentityNumber(text)) return { where: `I ${matter} (${label})` };
    }
    for (const f of m.findings) {
      if (findPersonalIdentityNumber(f.title)) return { where: `I ${matter}, bristen "${f.title}"` };
      if (f.effectText && findPersonalIdentityNumber(f.effectText))
        return { where: `I ${matter}, uppföljningen av bristen "${f.title}"` };
      for (const a of f.actions) {
        const hit = inAction(a, `I ${matter}`);
        if (hit) return hit;
      }
    }
  }
  for (const a of report.otherActions) {
    const hit = inAction(a, 'Bland åtgärder utan brist');
    if (hit) return hit;
  }
  return (
    anywhere(report.heading, 'I rapportens rubrik') ??
    anywhere(report.summary, 'I sammanfattningen') ??
    anywhere(report.changes, 'I avsnittet om förändringar')
  );
}
