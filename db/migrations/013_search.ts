import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// Search (issue 18): one FTS5 index per kind of item, so each group of results is counted and
// limited on its own. The indexes hold no text of their own (external content): snippets are read
// from the tables themselves. Triggers keep them in step with every insert, update and delete;
// they are not audited, since they only mirror audited rows. unicode61 folds case (Å to å) but,
// with remove_diacritics 0, keeps å, ä and ö letters of their own: "får" is not "far".
// prefix='2 3' keeps short prefix queries (each typed word is one) off a scan of every term.
const INDEXES = [
  {
    index: 'search_matters',
    table: 'matters',
    columns: ['title', 'ivo_reference', 'own_reference', 'description'],
    rank: 'bm25(4.0, 3.0, 3.0, 1.0)',
  },
  { index: 'search_findings', table: 'findings', columns: ['title', 'description'], rank: 'bm25(4.0, 1.0)' },
  { index: 'search_actions', table: 'actions', columns: ['title', 'description'], rank: 'bm25(4.0, 1.0)' },
  { index: 'search_comments', table: 'action_updates', columns: ['comment'], rank: 'bm25()' },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const { index, table, columns, rank } of INDEXES) {
    const cols = columns.join(', ');
    const values = (row: 'new' | 'old') => columns.map((c) => `${row}.${c}`).join(', ');
    await sql
      .raw(
        `CREATE VIRTUAL TABLE ${index} USING fts5(${cols}, content='${table}', content_rowid='id', ` +
          `tokenize="unicode61 remove_diacritics 0", prefix='2 3')`,
      )
      .execute(db);
    // Best hits first, a match in a title (or a diarienummer) weighing more than one in a description.
    await sql.raw(`INSERT INTO ${index}(${index}, rank) VALUES ('rank', '${rank}')`).execute(db);
    const add = `INSERT INTO ${index}(rowid, ${cols}) VALUES (new.id, ${values('new')});`;
    const remove = `INSERT INTO ${index}(${index}, rowid, ${cols}) VALUES ('delete', old.id, ${values('old')});`;
    await sql.raw(`CREATE TRIGGER ${index}_after_insert AFTER INSERT ON ${table} BEGIN ${add} END`).execute(db);
    await sql.raw(`CREATE TRIGGER ${index}_after_delete AFTER DELETE ON ${table} BEGIN ${remove} END`).execute(db);
    // Only a change of the indexed text touches the index (not every status or version bump).
    await sql
      .raw(`CREATE TRIGGER ${index}_after_update AFTER UPDATE OF ${cols} ON ${table} BEGIN ${remove} ${add} END`)
      .execute(db);
    // What is already stored is indexed once, here.
    await sql.raw(`INSERT INTO ${index}(${index}) VALUES ('rebuild')`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { index } of INDEXES) {
    for (const op of ['insert', 'delete', 'update']) await sql.raw(`DROP TRIGGER ${index}_after_${op}`).execute(db);
    await sql.raw(`DROP TABLE ${index}`).execute(db);
  }
}
