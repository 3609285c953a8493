import type { Db } from '../db/connection.ts';
import { nowIso, type Clock } from '../clock.ts';
import { asUser } from '../db/as-user.ts';
import { sha256 } from '../shared/sha256.ts';
import { findPersonalIdentityNumber } from '../shared/personnummer.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../shared/errors.ts';
import type { User } from '../users/user.ts';
import { may, mayUpdateStatus } from '../users/roles.ts';
import { standsInFor } from '../users/substitutes.service.ts';
import {
  KINDS_FOR,
  TYPE_REFUSED,
  detectAttachmentType,
  safeFileName,
  type Attachment,
  type AttachmentItem,
  type AttachmentTarget,
  type DocumentKind,
} from './attachment.ts';
import * as repo from './attachments.repository.ts';

export type { AttachmentFilter } from './attachments.repository.ts';

export interface AttachmentDeps {
  db: Db;
  clock: Clock;
  config: { maxUploadMb: number };
}

const NOT_FOUND: Record<AttachmentItem, string> = {
  matter: 'Ärendet finns inte.',
  finding: 'Bristen finns inte.',
  action: 'Åtgärden finns inte.',
  submission: 'Redovisningen finns inte.',
};

export async function getTarget(db: Db, item: AttachmentItem, id: number): Promise<AttachmentTarget> {
  const target = await repo.findTarget(db, item, id);
  if (!target) throw new NotFoundError(NOT_FOUND[item]);
  return target;
}

/**
 * Who may attach to an item is who may change it: a matter's and a brist's bilagor as editing the
 * matter, an åtgärd's evidence as updating its status (ersättare included), a redovisning's as
 * registering one.
 */
export async function mayAttach(db: Db, clock: Clock, user: User, target: AttachmentTarget): Promise<boolean> {
  if (target.item === 'action')
    return mayUpdateStatus(user, { ownerId: target.ownerId! }, await standsInFor(db, clock, user.id));
  if (target.item === 'submission') return may.registerSubmissions(user.role);
  return may.editMatters(user.role);
}

/** The item, when the user may attach to it; ForbiddenError otherwise (checked before the form is read). */
export async function attachableTarget(
  db: Db,
  clock: Clock,
  user: User,
  item: AttachmentItem,
  id: number,
): Promise<AttachmentTarget> {
  const target = await getTarget(db, item, id);
  if (!(await mayAttach(db, clock, user, target)))
    throw new ForbiddenError(
      item === 'action'
        ? 'Du kan bara lägga till bilagor till åtgärder där du är ansvarig eller ersättare.'
        : 'Din roll får inte lägga till bilagor här.',
    );
  return target;
}

/** The bilagor to show (those marked felaktigt uppladdad are left out). */
export function listAttachments(db: Db, filter: repo.AttachmentFilter): Promise<Attachment[]> {
  return repo.listAttachments(db, filter);
}

/** An item's bilagor page: the item, its bilagor and whether the user may attach more. */
export async function attachmentPage(db: Db, clock: Clock, user: User, item: AttachmentItem, id: number) {
  const target = await getTarget(db, item, id);
  return {
    target,
    attachments: await repo.listAttachments(db, { item, id }),
    canUpload: await mayAttach(db, clock, user, target),
    kinds: KINDS_FOR[item],
  };
}

export interface UploadInput {
  kind: DocumentKind | null;
  description: string;
  file: { content: Buffer; originalName: string } | null;
  /** The file was over the limit and not read (http/uploads.ts). */
  tooLarge: boolean;
}

export function tooLargeMessage(maxUploadMb: number): string {
  return `Filen är för stor. En bilaga får vara högst ${maxUploadMb} MB. Minska filen (t.ex. skanna med lägre upplösning) eller dela upp den, och välj den igen.`;
}

/**
 * Stores a bilaga of an item, with its audit row, in one transaction. Refused (InvalidInputError,
 * nothing stored) when the file is missing, too large, or not an allowed type by its content.
 */
export async function uploadAttachment(
  deps: AttachmentDeps,
  user: User,
  item: AttachmentItem,
  id: number,
  input: UploadInput,
): Promise<number> {
  const { db, clock } = deps;
  const target = await attachableTarget(db, clock, user, item, id);
  const kinds = KINDS_FOR[item];
  const kind = input.kind ?? kinds[0];
  if (!kinds.includes(kind)) throw new InvalidInputError({ kind: 'Välj vad bilagan är.' });
  const maxBytes = deps.config.maxUploadMb * 1024 * 1024;
  if (input.tooLarge || (input.file && input.file.content.length > maxBytes))
    throw new InvalidInputError({ file: tooLargeMessage(deps.config.maxUploadMb) });
  if (!input.file) throw new InvalidInputError({ file: 'Välj en fil att bifoga.' });
  const fileName = safeFileName(input.file.originalName);
  // The name is listed in the återrapportering and the redovisning, public records.
  if (findPersonalIdentityNumber(fileName))
    throw new InvalidInputError({
      file: 'Filnamnet innehåller ett personnummer eller samordningsnummer. Byt namn på filen och välj den igen.',
    });
  const contentType = await detectAttachmentType(input.file.content);
  if (!contentType) throw new InvalidInputError({ file: TYPE_REFUSED });
  const content = input.file.content;
  return asUser(db, clock, user.id, (tx) =>
    repo.insertAttachment(
      tx,
      {
        target,
        kind,
        description: input.description,
        fileName,
        contentType,
        sha256: sha256(content),
        uploadedBy: user.id,
        uploadedAt: nowIso(clock),
      },
      content,
    ),
  );
}

/** A bilaga as a file to download; one marked felaktigt uppladdad only for those who read the ändringslogg. */
export async function attachmentFile(
  db: Db,
  user: User,
  id: number,
): Promise<{ attachment: Attachment; content: Buffer }> {
  const attachment = await repo.findAttachment(db, id);
  if (!attachment || (attachment.wronglyUploaded && !may.readAuditLog(user.role)))
    throw new NotFoundError('Bilagan finns inte.');
  const content = await repo.findContent(db, id);
  if (!content) throw new NotFoundError('Bilagan finns inte.');
  return { attachment, content };
}

/** A bilaga a förvaltningschef is about to mark felaktigt uppladdad (not one already marked). */
export async function attachmentToMark(
  db: Db,
  id: number,
): Promise<{ attachment: Attachment; target: AttachmentTarget }> {
  const attachment = await repo.findAttachment(db, id);
  if (!attachment || attachment.wronglyUploaded) throw new NotFoundError('Bilagan finns inte eller är redan markerad.');
  return { attachment, target: await getTarget(db, attachment.item, attachment.itemId) };
}

/**
 * Marks a bilaga felaktigt uppladdad: it is hidden from lists and documents made from now on, and
 * kept (a public record is never deleted); the mark, who and why, is in the ändringslogg.
 */
export async function markWronglyUploaded(
  deps: Pick<AttachmentDeps, 'db' | 'clock'>,
  user: User,
  id: number,
  reason: string,
): Promise<Attachment> {
  if (!may.markAttachmentsWronglyUploaded(user.role))
    throw new ForbiddenError('Bara förvaltningschefen kan markera en bilaga som felaktigt uppladdad.');
  const { attachment } = await attachmentToMark(deps.db, id);
  if (reason.trim() === '') throw new InvalidInputError({ reason: 'Ange varför bilagan är felaktigt uppladdad.' });
  const ok = await asUser(deps.db, deps.clock, user.id, (tx) =>
    repo.markWronglyUploaded(tx, id, { by: user.id, at: nowIso(deps.clock), reason }),
  );
  if (!ok) throw new ConflictError(attachment);
  return attachment;
}
