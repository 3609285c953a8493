import type { Db } from '../db/connection.ts';
import {
  DOCUMENT_KIND_LABEL,
  type Attachment,
  type AttachmentItem,
  type AttachmentTarget,
  type DocumentKind,
} from './attachment.ts';

const ITEM_COLUMN = {
  finding: 'finding_id',
  action: 'action_id',
  submission: 'submission_id',
} as const;

/** The item a bilaga is attached to, as far as attaching needs it; undefined when there is none. */
export async function findTarget(db: Db, item: AttachmentItem, id: number): Promise<AttachmentTarget | undefined> {
  if (item === 'matter') {
    const m = await db.selectFrom('matters').select(['id', 'title']).where('id', '=', id).executeTakeFirst();
    return m && { item, id: m.id, matterId: m.id, title: m.title, ownerId: null };
  }
  if (item === 'finding') {
    const f = await db
      .selectFrom('findings')
      .select(['id', 'title', 'matter_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    return f && { item, id: f.id, matterId: f.matter_id, title: f.title, ownerId: null };
  }
  if (item === 'action') {
    const a = await db
      .selectFrom('actions')
      .select(['id', 'title', 'owner_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    return a && { item, id: a.id, matterId: null, title: a.title, ownerId: a.owner_id };
  }
  const s = await db
    .selectFrom('submissions as s')
    .innerJoin('matters as m', 'm.id', 's.matter_id')
    .select(['s.id', 's.matter_id', 's.round_no', 's.sent_on', 'm.title'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  return (
    s && {
      item,
      id: s.id,
      matterId: s.matter_id,
      title: `Redovisning till IVO, omgång ${s.round_no} (${s.sent_on}) – ${s.title}`,
      ownerId: null,
    }
  );
}

export interface NewAttachment {
  target: AttachmentTarget;
  kind: DocumentKind;
  description: string;
  fileName: string;
  contentType: string;
  sha256: string;
  uploadedBy: number;
  uploadedAt: string;
}

/** Stores a bilaga: its row (audited) and its bytes (not: the row records their size and SHA-256). */
export async function insertAttachment(tx: Db, a: NewAttachment, content: Buffer): Promise<number> {
  const { target } = a;
  const row = await tx
    .insertInto('attachments')
    .values({
      matter_id: target.matterId,
      finding_id: target.item === 'finding' ? target.id : null,
      action_id: target.item === 'action' ? target.id : null,
      submission_id: target.item === 'submission' ? target.id : null,
      document_kind: a.kind,
      description: a.description,
      file_name: a.fileName,
      content_type: a.contentType,
      size_bytes: content.length,
      sha256: a.sha256,
      uploaded_by: a.uploadedBy,
      uploaded_at: a.uploadedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.insertInto('attachment_contents').values({ attachment_id: row.id, content }).execute();
  return row.id;
}

/** Which bilagor to list: of one item, of matters and actions, or of a nämnd's matters and actions. */
export type AttachmentFilter =
  | { item: AttachmentItem; id: number }
  | { matterIds: readonly number[]; actionIds: readonly number[] }
  | { committeeId: number };

function attachmentQuery(db: Db) {
  return db
    .selectFrom('attachments as a')
    .innerJoin('users as u', 'u.id', 'a.uploaded_by')
    .leftJoin('users as w', 'w.id', 'a.wrongly_uploaded_by')
    .select([
      'a.id',
      'a.matter_id',
      'a.finding_id',
      'a.action_id',
      'a.submission_id',
      'a.document_kind',
      'a.description',
      'a.file_name',
      'a.content_type',
      'a.size_bytes',
      'a.sha256',
      'a.uploaded_at',
      'a.wrongly_uploaded_at',
      'a.wrongly_uploaded_reason',
      'u.name as uploaded_by_name',
      'w.name as wrongly_uploaded_by_name',
    ]);
}

type AttachmentRow = Awaited<ReturnType<ReturnType<typeof attachmentQuery>['executeTakeFirstOrThrow']>>;

function toAttachment(r: AttachmentRow): Attachment {
  const [item, itemId]: [AttachmentItem, number] =
    r.finding_id !== null
      ? ['finding', r.finding_id]
      : r.action_id !== null
        ? ['action', r.action_id]
        : r.submission_id !== null
          ? ['submission', r.submission_id]
          : ['matter', r.matter_id!];
  const kind = r.document_kind as DocumentKind;
  return {
    id: r.id,
    item,
    itemId,
    matterId: r.matter_id,
    kind,
    kindLabel: DOCUMENT_KIND_LABEL[kind] ?? r.document_kind,
    description: r.description,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    uploadedByName: r.uploaded_by_name,
    uploadedAt: r.uploaded_at,
    wronglyUploaded:
      r.wrongly_uploaded_at === null
        ? null
        : {
            at: r.wrongly_uploaded_at,
            byName: r.wrongly_uploaded_by_name ?? '',
            reason: r.wrongly_uploaded_reason ?? '',
          },
  };
}

/** The bilagor not marked felaktigt uppladdad, oldest first. */
export async function listAttachments(db: Db, filter: AttachmentFilter): Promise<Attachment[]> {
  let q = attachmentQuery(db).where('a.wrongly_uploaded_at', 'is', null);
  if ('item' in filter) {
    q =
      filter.item === 'matter'
        ? q
            .where('a.matter_id', '=', filter.id)
            .where('a.finding_id', 'is', null)
            .where('a.action_id', 'is', null)
            .where('a.submission_id', 'is', null)
        : q.where(`a.${ITEM_COLUMN[filter.item]}`, '=', filter.id);
  } else if ('committeeId' in filter) {
    const id = filter.committeeId;
    q = q.where((eb) =>
      eb.or([
        eb('a.matter_id', 'in', eb.selectFrom('matters').select('id').where('committee_id', '=', id)),
        eb('a.action_id', 'in', eb.selectFrom('actions').select('id').where('committee_id', '=', id)),
      ]),
    );
  } else {
    const { matterIds, actionIds } = filter;
    if (matterIds.length === 0 && actionIds.length === 0) return [];
    q = q.where((eb) =>
      eb.or([
        ...(matterIds.length ? [eb('a.matter_id', 'in', matterIds)] : []),
        ...(actionIds.length ? [eb('a.action_id', 'in', actionIds)] : []),
      ]),
    );
  }
  return (await q.orderBy('a.uploaded_at').orderBy('a.id').execute()).map(toAttachment);
}

/** One bilaga, also one marked felaktigt uppladdad. */
export async function findAttachment(db: Db, id: number): Promise<Attachment | undefined> {
  const r = await attachmentQuery(db).where('a.id', '=', id).executeTakeFirst();
  return r && toAttachment(r);
}

export async function findContent(db: Db, id: number): Promise<Buffer | undefined> {
  const r = await db
    .selectFrom('attachment_contents')
    .select('content')
    .where('attachment_id', '=', id)
    .executeTakeFirst();
  return r?.content;
}

/** Marks a bilaga felaktigt uppladdad; false when it already was. */
export async function markWronglyUploaded(
  tx: Db,
  id: number,
  mark: { by: number; at: string; reason: string },
): Promise<boolean> {
  const r = await tx
    .updateTable('attachments')
    .set({ wrongly_uploaded_at: mark.at, wrongly_uploaded_by: mark.by, wrongly_uploaded_reason: mark.reason })
    .where('id', '=', id)
    .where('wrongly_uploaded_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
