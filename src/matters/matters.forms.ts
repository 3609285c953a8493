import { z } from 'zod';
import { choice, date, id, kronor, text, version, type FormValues } from '../http/forms.ts';
import { FINE_STATUSES, MATTER_KINDS, type Matter, type MatterInput } from './matter.ts';

export const MATTER_FIELDS: [string, string][] = [
  ['committeeId', 'Nämnd'],
  ['kind', 'Ärendetyp'],
  ['title', 'Rubrik'],
  ['unit', 'Verksamhet'],
  ['ivoReference', 'IVO:s diarienummer'],
  ['ownReference', 'Eget diarienummer'],
  ['decidedOn', 'Beslutsdatum'],
  ['respondBy', 'Svarsdatum'],
  ['fineAmount', 'Vitesbelopp'],
  ['fineStatus', 'Vitesstatus'],
  ['finalOn', 'Laga kraft'],
  ['followUpOn', 'Uppföljning'],
  ['legalBasis', 'Rättslig grund'],
  ['description', 'Beskrivning'],
];

export const matterForm = z
  .object({
    committeeId: id('Nämnd'),
    kind: choice('Ärendetyp', MATTER_KINDS),
    title: text('Rubrik', { required: true, max: 200 }),
    unit: text('Verksamhet', { max: 200 }),
    ivoReference: text('IVO:s diarienummer', { max: 60 }),
    ownReference: text('Eget diarienummer', { max: 60 }),
    decidedOn: date('Beslutsdatum'),
    respondBy: date('Svarsdatum'),
    respondBySince: date('Svarsdatum begärt'),
    fineAmount: kronor('Vitesbelopp'),
    fineStatus: choice('Vitesstatus', FINE_STATUSES),
    finalOn: date('Laga kraft'),
    followUpOn: date('Uppföljning'),
    legalBasis: text('Rättslig grund', { max: 1000 }),
    description: text('Beskrivning', { max: 10000 }),
  })
  .superRefine((m, ctx) => {
    if (m.fineStatus !== 'none' && m.fineAmount === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['fineAmount'],
        message: 'Ange vitesbelopp när vitesstatus är något annat än Ingen.',
      });
    }
    if (m.respondBySince && m.decidedOn && m.respondBySince < m.decidedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['respondBySince'],
        message: 'IVO kan inte ha begärt redovisningen före sitt beslut (beslutsdatum).',
      });
    }
    if (m.respondBySince && !m.respondBy) {
      ctx.addIssue({ code: 'custom', path: ['respondBy'], message: 'Ange svarsdatum när du anger när det begärdes.' });
    }
    if (m.decidedOn && m.respondBy && m.respondBy < m.decidedOn) {
      ctx.addIssue({ code: 'custom', path: ['respondBy'], message: 'Svarsdatum kan inte vara före beslutsdatum.' });
    }
    if (m.fineStatus === 'none' && m.fineAmount !== null) {
      // Otherwise the amount is kept but shown nowhere but in the history, and counted in no sum.
      ctx.addIssue({
        code: 'custom',
        path: ['fineAmount'],
        message: 'Välj vitesstatus för beloppet, eller lämna vitesbeloppet tomt när det inte finns något vite.',
      });
    }
    // A beslut becomes final, and is followed up, after it is made.
    if (m.decidedOn && m.finalOn && m.finalOn < m.decidedOn) {
      ctx.addIssue({ code: 'custom', path: ['finalOn'], message: 'Laga kraft kan inte vara före beslutsdatum.' });
    }
    if (m.decidedOn && m.followUpOn && m.followUpOn < m.decidedOn) {
      ctx.addIssue({ code: 'custom', path: ['followUpOn'], message: 'Uppföljning kan inte vara före beslutsdatum.' });
    }
  }) satisfies z.ZodType<MatterInput, unknown>;

export const matterUpdateForm = matterForm.and(z.object({ version }));

export const closeForm = z.object({
  closedOn: date('Avslutat', { required: true }).transform((v) => v as string),
  closedNote: text('Anteckning', { max: 4000 }),
  version,
});

const amount = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });

/** A stored matter as the edit form shows it. */
export function matterValues(m: Matter): FormValues {
  return {
    committeeId: String(m.committeeId),
    kind: m.kind,
    title: m.title,
    unit: m.unit,
    ivoReference: m.ivoReference,
    ownReference: m.ownReference,
    decidedOn: m.decidedOn ?? '',
    respondBy: m.respondBy ?? '',
    fineAmount: m.fineAmount === null ? '' : amount.format(m.fineAmount),
    fineStatus: m.fineStatus,
    finalOn: m.finalOn ?? '',
    followUpOn: m.followUpOn ?? '',
    legalBasis: m.legalBasis,
    description: m.description,
    version: String(m.version),
  };
}
