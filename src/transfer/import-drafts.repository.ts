import type { Db } from '../db/connection.ts';

export interface DraftRow {
  userId: number;
  file: Buffer;
  matterId: number | null;
}

/** Keeps a draft as the user's only one, then drops the oldest drafts beyond `maxBytes` in all. */
export async function insertDraft(
  db: Db,
  draft: DraftRow & { token: string; createdAt: number },
  maxBytes: number,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('import_drafts').where('user_id', '=', draft.userId).execute();
    await tx
      .insertInto('import_drafts')
      .values({
        token: draft.token,
        user_id: draft.userId,
        matter_id: draft.matterId,
        file: draft.file,
        bytes: draft.file.length,
        created_at: draft.createdAt,
      })
      .execute();
    const sizes = await tx
      .selectFrom('import_drafts')
      .select(['token', 'bytes'])
      .orderBy('created_at', 'desc')
      .orderBy('token')
      .execute();
    let total = 0;
    const over = sizes.filter((d) => (total += d.bytes) > maxBytes && d.token !== draft.token).map((d) => d.token);
    if (over.length) await tx.deleteFrom('import_drafts').where('token', 'in', over).execute();
  });
}

export async function findDraft(db: Db, token: string, userId: number, since: number): Promise<DraftRow | undefined> {
  const row = await db
    .selectFrom('import_drafts')
    .select(['user_id', 'file', 'matter_id'])
    .where('token', '=', token)
    .where('user_id', '=', userId)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return row && { userId: row.user_id, file: row.file, matterId: row.matter_id };
}

export async function deleteDraft(db: Db, token: string): Promise<void> {
  await db.deleteFrom('import_drafts').where('token', '=', token).execute();
}

export async function deleteDraftsBefore(db: Db, createdBefore: number): Promise<void> {
  await db.deleteFrom('import_drafts').where('created_at', '<', createdBefore).execute();
}
