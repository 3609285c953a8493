import type { Db } from '../db/connection.ts';
import { nowIso, todayOf, type Clock } from '../clock.ts';
import type { User } from '../users/user.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../shared/errors.ts';
import { formatDate } from '../shared/format.ts';
import { asUser } from '../db/as-user.ts';
import { sha256 } from '../shared/sha256.ts';
import { buildSubmission, defaultSubmissionFrame, type SubmissionFrameInput } from './submission-model.ts';
import { findSubmissionDocx, findSubmissionPdf, insertSubmission } from './submissions.repository.ts';
import { getOrganisation } from '../committees/committees.service.ts';
import type { Sender } from '../pdf/blocks.ts';
import { listUpdatesOf } from '../actions/actions.service.ts';
import { getMatterTree, matterSubmissions } from '../plan/plan.service.ts';
import { renderPdf } from '../pdf/render.ts';
import { listAttachments } from '../attachments/attachments.service.ts';
import type { SubmissionPdfJob } from './submission-pdf.ts';

export interface SubmissionDeps {
  db: Db;
  clock: Clock;
  config: { warningDays: number };
}

/** The matter's tree and its actions' histories, for a redovisning as on a given day. */
async function dataOrThrow(db: Db, matterId: number) {
  const { matter, findings, actions, submissions } = await getMatterTree(db, matterId);
  const updates = await listUpdatesOf(db, { actionIds: actions.map((a) => a.id) });
  const attachments = await listAttachments(db, { matterIds: [matterId], actionIds: actions.map((a) => a.id) });
  return { matter, findings, actions, updates, submissions, attachments };
}

/** What the registration form offers: the matter, its findings that require a response, and the frame's defaults. */
export async function submissionFormData(db: Db, matterId: number) {
  const data = await dataOrThrow(db, matterId);
  return {
    matter: data.matter,
    findings: data.findings.filter((f) => f.responseRequired),
    submissions: data.submissions,
    frame: defaultSubmissionFrame(data.matter),
  };
}

async function senderOf(db: Db): Promise<Sender> {
  const o = await getOrganisation(db);
  return { municipality: o.municipality, logo: o.logo };
}

/**
 * The day a redovisning was sent: not in the future, not before IVO's beslut it answers, and not
 * before the matter's latest round (rounds are numbered in the order they were sent).
 */
function refuseSentOn(
  data: { matter: { decidedOn: string | null }; submissions: readonly { roundNo: number; sentOn: string }[] },
  sentOn: string,
  today: string,
): void {
  const problem = (message: string) => new InvalidInputError({ sentOn: message });
  if (sentOn > today) throw problem('Datumet då redovisningen skickades kan inte ligga i framtiden.');
  const decidedOn = data.matter.decidedOn;
  if (decidedOn && sentOn < decidedOn)
    throw problem(`Redovisningen kan inte ha skickats före IVO:s beslut (${formatDate(decidedOn)}).`);
  const latest = data.submissions.at(-1); // the matter's rounds, in order (getMatterTree)
  if (latest && sentOn < latest.sentOn)
    throw problem(
      `Omgång ${latest.roundNo} skickades ${formatDate(latest.sentOn)}; en senare omgång kan inte ha skickats före den.`,
    );
}

/** The redovisning as it would be sent today: the given frame (or its defaults), marked UTKAST. */
export async function draftSubmissionPdf(
  deps: SubmissionDeps,
  matterId: number,
  user: User,
  findingIds: number[] | null,
  frame: SubmissionFrameInput | null = null,
  sentOn: string | null = null,
): Promise<{ pdf: Buffer; filename: string }> {
  const data = await dataOrThrow(deps.db, matterId);
  // Previewed with the date typed on the registration form, it is what registering will store.
  if (sentOn !== null) refuseSentOn(data, sentOn, todayOf(deps.clock));
  const model = buildSubmission({
    ...data,
    findingIds,
    frame,
    preparedBy: user.name,
    today: todayOf(deps.clock),
    asOf: sentOn ?? todayOf(deps.clock),
    warningDays: deps.config.warningDays,
  });
  const pdf = await renderPdf<SubmissionPdfJob>({
    kind: 'submission',
    submission: model,
    sender: await senderOf(deps.db),
    meta: { documentId: null, madeAt: nowIso(deps.clock), sentOn },
  });
  return { pdf, filename: `redovisning-${matterId}-UTKAST.pdf` };
}

/**
 * Registers a redovisning as sent: the PDF is made now, without the UTKAST mark, and stored
 * with its SHA-256 so the matter keeps exactly what IVO received, round after round.
 */
export async function registerSubmission(
  deps: SubmissionDeps,
  matterId: number,
  user: User,
  input: { sentOn: string; findingIds: number[]; note: string; roundsSeen: number; frame?: SubmissionFrameInput },
): Promise<number> {
  const { db, clock } = deps;
  const data = await dataOrThrow(db, matterId);
  const allowed = new Set(data.findings.filter((f) => f.responseRequired).map((f) => f.id));
  if (input.findingIds.length === 0 || input.findingIds.some((id) => !allowed.has(id))) {
    throw new InvalidInputError({ findingIds: 'Välj vilka brister redovisningen omfattar.' });
  }
  refuseSentOn(data, input.sentOn, todayOf(clock));
  const existing = data.submissions;
  if (existing.length !== input.roundsSeen) throw new ConflictError(existing);
  const roundNo = existing.length + 1;
  const documentId = `RED-${matterId}-${roundNo}`;
  const madeAt = nowIso(clock);
  const frame = input.frame ?? defaultSubmissionFrame(data.matter);
  const model = buildSubmission({
    ...data,
    findingIds: input.findingIds,
    frame,
    preparedBy: user.name,
    today: todayOf(clock),
    asOf: input.sentOn,
    warningDays: deps.config.warningDays,
  });
  const sender = await senderOf(db);
  const meta = { documentId, madeAt, sentOn: input.sentOn };
  const pdf = await renderPdf<SubmissionPdfJob>({ kind: 'submission', submission: model, sender, meta });
  const docx = await renderPdf<SubmissionPdfJob>({ kind: 'submission-docx', submission: model, sender, meta });
  const id = await asUser(db, clock, user.id, (tx) =>
    insertSubmission(tx, {
      matterId,
      roundNo,
      sentOn: input.sentOn,
      note: input.note,
      documentId,
      snapshot: JSON.stringify({ documentId, roundNo, sentOn: input.sentOn, submission: model }),
      pdf,
      sha256: sha256(pdf),
      docx,
      docxSha256: sha256(docx),
      frame,
      registeredBy: user.id,
      registeredAt: madeAt,
      findingIds: input.findingIds,
    }),
  );
  if (id === null) throw new ConflictError(await matterSubmissions(db, matterId));
  return id;
}

export async function submissionPdf(db: Db, id: number): Promise<{ pdf: Buffer; filename: string; sha256: string }> {
  const r = await findSubmissionPdf(db, id);
  if (!r) throw new NotFoundError('Redovisningen finns inte.');
  return { pdf: r.pdf, filename: `redovisning-${r.documentId}.pdf`, sha256: r.sha256 };
}

/** The Word file of a registered redovisning: the stored bytes. */
export async function submissionDocx(db: Db, id: number): Promise<{ docx: Buffer; filename: string }> {
  const r = await findSubmissionDocx(db, id);
  if (!r) throw new NotFoundError('Redovisningen finns inte som Word-fil (den registrerades innan Word-filer fanns).');
  return { docx: r.docx, filename: `redovisning-${r.documentId}.docx` };
}
