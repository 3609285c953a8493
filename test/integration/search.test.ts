import { expect } from 'chai';
import { Migrator, sql } from 'kysely';
import { loggedIn, testApp, textOf, type Session, type TestApp } from '../helpers/app.ts';
import { aFinding, aMatter, anAction } from '../helpers/tracker.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import { search } from '../../src/search/search.service.ts';

/** The hits of a results page: each link's address and text, group by group. */
function hitsOf(html: string): { group: string; href: string; text: string; html: string }[] {
  const hits: { group: string; href: string; text: string; html: string }[] = [];
  const sections = html.split(/<h[12] id="sok-/).slice(1);
  for (const s of sections) {
    const group = /^(\w+)/.exec(s)![1];
    const list = /<ol class="search-hits">(.*?)<\/ol>/s.exec(s)?.[1] ?? '';
    for (const m of list.matchAll(/<li>\s*<a href="([^"]+)">(.*?)<\/a>/gs)) {
      hits.push({ group, href: m[1], text: textOf(m[2]), html: m[2] });
    }
  }
  return hits;
}

/** A results page's "Ärenden (n)" headings as { Ärenden: n, … }. */
function countsOf(html: string): Record<string, number> {
  return Object.fromEntries(
    [...textOf(html).matchAll(/(Ärenden|Brister|Åtgärder|Kommentarer) \((\d+)\)/g)].map((m) => [m[1], Number(m[2])]),
  );
}

describe('search', () => {
  let t: TestApp;
  let director: { user: { id: number }; session: Session };

  beforeEach(async () => {
    t = await testApp();
    director = await loggedIn(t, 'director', 'Frida Förvaltningschef');
  });

  async function aPlan() {
    const owner = await loggedIn(t, 'manager', 'Anna Berg');
    const matterId = await aMatter(t, director.user.id, {
      title: 'Åtgärdsplan för handläggning av orosanmälningar',
      ivoReference: '8.5-20527/2025',
      ownReference: 'SN 2025/227',
      description: 'IVO har granskat hur orosanmälningar tas emot och bedöms.',
    });
    const findingId = await aFinding(t, matterId, 'Skyddsbedömningar dokumenteras inte');
    const actionId = await anAction(t, director.user.id, {
      findingIds: [findingId],
      ownerId: owner.user.id,
      title: 'Införa åtgärd för dokumentation av skyddsbedömningar',
    });
    return { owner, matterId, findingId, actionId };
  }

  it('when a user searches for "åtgärd" and for "ÅTGÄRD", then both find the same items in every group, with the match marked', async () => {
    const { matterId, actionId } = await aPlan();

    const lower = await director.session.get('/sok?q=%C3%A5tg%C3%A4rd');
    const upper = await director.session.get('/sok?q=%C3%85TG%C3%84RD');

    expect(lower.status).to.equal(200);
    expect(upper.status).to.equal(200);
    expect(hitsOf(upper.text).map((h) => h.href)).to.deep.equal(hitsOf(lower.text).map((h) => h.href));
    expect(hitsOf(lower.text).map((h) => h.href)).to.include.members([`/arenden/${matterId}`, `/atgarder/${actionId}`]);
    expect(upper.text).to.contain('<mark>Åtgärdsplan</mark> för handläggning');
    expect(upper.text).to.contain('Införa <mark>åtgärd</mark> för dokumentation');
    expect(countsOf(lower.text)).to.deep.equal({ Ärenden: 1, Brister: 0, Åtgärder: 1, Kommentarer: 0 });
    // The query stays in the header's search field.
    expect(upper.text).to.match(/<input id="sok-q" type="search" name="q" value="ÅTGÄRD"/);
  });

  it('when a user types the start of words, then items with words that begin so are found, and all words must match', async () => {
    const { findingId, matterId } = await aPlan();

    const hits = hitsOf((await director.session.get('/sok?q=skyddsbed%C3%B6m')).text);
    expect(hits.map((h) => h.href)).to.include(`/arenden/${matterId}#finding-${findingId}`);
    expect(hits.find((h) => h.group === 'brister')!.html).to.contain('<mark>Skyddsbedömningar</mark>');

    const both = hitsOf((await director.session.get('/sok?q=dokument+skydd')).text);
    expect(both.map((h) => h.group)).to.deep.equal(['brister', 'atgarder']);
    const none = await director.session.get('/sok?q=dokument+vite');
    expect(textOf(none.text)).to.contain('Inget matchar sökningen.');
  });

  it('when an IVO or own diarienummer is searched as written, then the matter is found', async () => {
    const { matterId } = await aPlan();
    for (const q of ['8.5-20527/2025', 'SN 2025/227', '20527']) {
      const res = await director.session.get(`/sok?q=${encodeURIComponent(q)}`);
      expect(
        hitsOf(res.text).map((h) => h.href),
        q,
      ).to.deep.equal([`/arenden/${matterId}`]);
    }
  });

  it('when a word has å, ä or ö, then it does not match the same word with a or o ("får" is not "far")', async () => {
    const owner = await loggedIn(t, 'manager');
    const matterId = await aMatter(t, director.user.id, { title: 'Barn får vänta på placering' });
    const other = await aMatter(t, director.user.id, {
      title: 'Far och mor hörs inte',
      ivoReference: '',
      ownReference: '',
    });
    const f = await aFinding(t, other, 'Föräldrar informeras sent');
    await anAction(t, director.user.id, {
      findingIds: [f],
      ownerId: owner.user.id,
      title: 'Öka kontakten med vårdnadshavare',
    });

    const far = hitsOf((await director.session.get('/sok?q=far')).text).map((h) => h.href);
    const faar = hitsOf((await director.session.get('/sok?q=f%C3%A5r')).text).map((h) => h.href);
    expect(far).to.deep.equal([`/arenden/${other}`]);
    expect(faar).to.deep.equal([`/arenden/${matterId}`]);
    // "fo" is not the start of "Föräldrar", "okа" not of "Öka".
    expect(hitsOf((await director.session.get('/sok?q=fo')).text)).to.deep.equal([]);
    expect(hitsOf((await director.session.get('/sok?q=F%C3%96R')).text).map((h) => h.group)).to.deep.equal(['brister']);
    expect(hitsOf((await director.session.get('/sok?q=oka')).text)).to.deep.equal([]);
    expect(hitsOf((await director.session.get('/sok?q=%C3%B6ka')).text).map((h) => h.group)).to.deep.equal([
      'atgarder',
    ]);
  });

  it('when the query holds FTS syntax, quotes or markup, then the page answers 200 with results or none and shows the text escaped', async () => {
    await aPlan();
    const hostile = [
      '"',
      '""',
      '"dokument',
      'NEAR(dokument skydd',
      'NEAR(',
      '*',
      'dok*',
      '-',
      '-dokument',
      'dokument OR',
      'AND',
      'title:dokument',
      '{title}: x',
      '^dokument',
      '(',
      ')',
      '<script>alert(1)</script>',
      '<mark>dokument</mark>',
      '\u0000',
      '\uE000',
      'x'.repeat(1000),
      Array.from({ length: 50 }, (_, i) => `ord${i}`).join(' '),
    ];
    for (const q of hostile) {
      const res = await director.session.get(`/sok?q=${encodeURIComponent(q)}`);
      expect(res.status, q).to.equal(200);
      expect(res.text, q).not.to.contain('<script>alert');
      expect(res.text, q).not.to.contain('<mark>dokument</mark></');
      const marks = res.text.match(/<\/?mark>/g) ?? [];
      expect(marks.length % 2, q).to.equal(0);
    }
    // Quotes and operators are only punctuation: the words around them are still searched for.
    const near = await director.session.get(`/sok?q=${encodeURIComponent('NEAR(dokument "skydd')}`);
    expect(hitsOf(near.text).map((h) => h.group)).to.deep.equal(['brister', 'atgarder']);
  });

  it('when stored text holds markup, then a hit shows it as text, with only the match marked', async () => {
    const owner = await loggedIn(t, 'manager');
    const matterId = await aMatter(t, director.user.id, { title: 'Rutin <script>alert("x")</script> & "citat"' });
    const f = await aFinding(t, matterId);
    await anAction(t, director.user.id, { findingIds: [f], ownerId: owner.user.id });
    const res = await director.session.get('/sok?q=rutin');
    expect(res.text).not.to.contain('<script>alert');
    expect(res.text).to.contain(
      '<mark>Rutin</mark> &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;citat&#34;',
    );
  });

  it('when an action title is edited, then the new words find it and the old ones no longer do', async () => {
    const { actionId, findingId, owner } = await aPlan();
    const form = await director.session.get(`/atgarder/${actionId}/redigera`);
    expect(form.status).to.equal(200);
    const version = /name="version" value="(\d+)"/.exec(form.text)![1];
    const saved = await director.session.post(
      `/atgarder/${actionId}`,
      {
        title: 'Inrätta journalgranskning varje kvartal',
        description: '',
        ownerId: String(owner.user.id),
        dueOn: '2026-06-30',
        findingIds: [String(findingId)],
        dueDateReason: '',
        version,
      },
      `/atgarder/${actionId}/redigera`,
    );
    expect(saved.status).to.equal(303);

    const now = hitsOf((await director.session.get('/sok?q=journalgransk')).text);
    expect(now.map((h) => h.href)).to.deep.equal([`/atgarder/${actionId}`]);
    const before = hitsOf((await director.session.get('/sok?q=inf%C3%B6ra')).text);
    expect(before).to.deep.equal([]);
  });

  it('when a matter title is edited, then the new words find it and the old ones no longer do', async () => {
    const { matterId } = await aPlan();
    const form = await director.session.get(`/arenden/${matterId}/redigera`);
    const field = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(form.text)?.[1] ?? '';
    const committeeId = /<option value="(\d+)" selected/.exec(form.text)![1];
    const saved = await director.session.post(
      `/arenden/${matterId}`,
      {
        kind: 'ivo_supervision',
        committeeId,
        title: 'Tillsyn av ekonomiskt bistånd',
        unit: field('unit'),
        ivoReference: field('ivoReference'),
        ownReference: field('ownReference'),
        decidedOn: field('decidedOn'),
        respondBy: field('respondBy'),
        followUpOn: '',
        fineStatus: 'none',
        fineAmount: '',
        finalOn: '',
        legalBasis: '',
        description: '',
        version: field('version'),
      },
      `/arenden/${matterId}/redigera`,
    );
    expect(saved.status).to.equal(303);

    expect(hitsOf((await director.session.get('/sok?q=bist%C3%A5nd')).text).map((h) => h.href)).to.deep.equal([
      `/arenden/${matterId}`,
    ]);
    expect(countsOf((await director.session.get('/sok?q=orosanm%C3%A4lningar')).text).Ärenden).to.equal(0);
  });

  it('when a chef writes a comment in a statusuppdatering, then it is found under Kommentarer and links to that entry of its action', async () => {
    const { actionId, owner } = await aPlan();
    const page = await owner.session.get(`/atgarder/${actionId}`);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const res = await owner.session.post(
      `/atgarder/${actionId}/statusuppdateringar`,
      { status: 'in_progress', comment: 'Utbildningsdag för handläggarna bokad i april.', version },
      `/atgarder/${actionId}`,
    );
    expect(res.status).to.equal(303);
    const update = await t.db
      .selectFrom('action_updates')
      .select('id')
      .where('action_id', '=', actionId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();

    const found = await director.session.get('/sok?q=utbildningsdag');
    const hits = hitsOf(found.text);
    expect(hits).to.have.length(1);
    expect(hits[0].group).to.equal('kommentarer');
    expect(hits[0].href).to.equal(`/atgarder/${actionId}#uppdatering-${update.id}`);
    expect(textOf(found.text)).to.contain('Utbildningsdag för handläggarna bokad i april.');
    expect(found.text).to.contain('<mark>Utbildningsdag</mark>');
    const target = await director.session.get(`/atgarder/${actionId}`);
    expect(target.text).to.contain(`id="uppdatering-${update.id}"`);
  });

  it('when a chef searches, then every hit links to a page the chef may open, other people’s actions, closed matters and inactive nämnder included as on the pages', async () => {
    const { actionId } = await aPlan();
    const colleague = await loggedIn(t, 'manager', 'Bo Kollega');
    const closed = await aMatter(t, director.user.id, { title: 'Dokumentation i avslutat ärende' });
    const f = await aFinding(t, closed, 'Dokumentation saknas i akter');
    const theirs = await anAction(t, director.user.id, {
      findingIds: [f],
      ownerId: colleague.user.id,
      title: 'Dokumentation av samtal',
      status: 'cancelled',
    });
    await t.db.updateTable('matters').set({ closed_on: '2026-03-01' }).where('id', '=', closed).execute();
    const committee = await t.db
      .selectFrom('matters')
      .select('committee_id')
      .where('id', '=', closed)
      .executeTakeFirstOrThrow();
    await t.db.updateTable('committees').set({ active: 0 }).where('id', '=', committee.committee_id).execute();
    const chef = await loggedIn(t, 'manager', 'Cecilia Chef');

    const hits = [];
    for (const typ of ['arenden', 'brister', 'atgarder', 'kommentarer']) {
      hits.push(...hitsOf((await chef.session.get(`/sok?q=dokument&typ=${typ}`)).text));
    }
    expect(hits.map((h) => h.href)).to.include.members([
      `/atgarder/${actionId}`,
      `/atgarder/${theirs}`,
      `/arenden/${closed}`,
    ]);
    for (const h of hits) {
      const page = await chef.session.get(h.href.replace(/#.*/, ''));
      expect(page.status, h.href).to.equal(200);
      const anchor = /#(.+)$/.exec(h.href)?.[1];
      if (anchor) expect(page.text, h.href).to.contain(`id="${anchor}"`);
      expect(textOf(page.text), h.href).to.contain(h.text.replace(/ \(.*$/, ''));
    }
    // The service gives the same as the pages: what a role may open, by the same rule (may.readMatters).
    const all = await search(t.db, { role: 'manager' }, 'dokument', { page: { limit: 100, offset: 0 } });
    expect(all.groups.reduce((n, g) => n + g.total, 0)).to.equal(hits.length);
  });

  it('when a group has more hits than the overview shows, then "Visa alla" lists them page by page', async () => {
    const owner = await loggedIn(t, 'manager');
    const matterId = await aMatter(t, director.user.id);
    const f = await aFinding(t, matterId);
    for (let i = 1; i <= 30; i++)
      await anAction(t, director.user.id, { findingIds: [f], ownerId: owner.user.id, title: `Journalgranskning ${i}` });

    const overview = await director.session.get('/sok?q=journal');
    expect(hitsOf(overview.text).filter((h) => h.group === 'atgarder')).to.have.length(5);
    expect(overview.text).to.contain('href="/sok?q=journal&amp;typ=atgarder"');
    expect(textOf(overview.text)).to.contain('Visa alla 30 åtgärder som matchar');

    const first = await director.session.get('/sok?q=journal&typ=atgarder');
    expect(textOf(first.text)).to.contain('Åtgärder som matchar ”journal” (30)');
    expect(textOf(first.text)).to.contain('Visar 1–25 av 30');
    const second = await director.session.get('/sok?q=journal&typ=atgarder&sida=2');
    expect(textOf(second.text)).to.contain('Visar 26–30 av 30');
    const beyond = await director.session.get('/sok?q=journal&typ=atgarder&sida=9');
    expect(beyond.status).to.equal(303);
    expect(beyond.headers.location).to.equal('/sok?q=journal&typ=atgarder&sida=2');
  });

  it('when the query is empty or only punctuation, then the page shows a hint instead of results', async () => {
    for (const q of ['', '%20%20', '%22*-']) {
      const res = await director.session.get(`/sok?q=${q}`);
      expect(res.status).to.equal(200);
      expect(textOf(res.text)).to.contain('Skriv ett eller flera ord i sökfältet');
      expect(hitsOf(res.text)).to.deep.equal([]);
    }
  });

  it('when any page is shown to a logged-in user, then its header has the search field, labelled, in a search landmark', async () => {
    const res = await director.session.get('/arenden');
    expect(res.text).to.match(/<form method="get" action="\/sok" role="search" aria-label="Sök"/);
    expect(res.text).to.contain(
      '<label for="sok-q" class="visually-hidden">Sök ärenden, brister, åtgärder och kommentarer</label>',
    );
  });

  it('when searching changes nothing, then the newest audit id stays and no audit row names a search table', async () => {
    await aPlan();
    const newest = async () =>
      (await sql<{ id: number }>`SELECT max(id) AS id FROM audit_log`.execute(t.db)).rows[0].id;
    const before = await newest();
    await director.session.get('/sok?q=dokument');
    expect(await newest()).to.equal(before);
    const logged = await sql<{ n: number }>`SELECT count(*) AS n FROM audit_log WHERE entity LIKE 'search%'`.execute(
      t.db,
    );
    expect(logged.rows[0].n).to.equal(0);
  });
});

describe('search index of a database made before it (migration 013)', () => {
  it('when a database with ärenden, brister, åtgärder and comments is migrated, then they are all found, and later changes too', async () => {
    const db = openDatabase(':memory:');
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const names = Object.keys(migrations).sort();
    const previous = names[names.indexOf('013_search') - 1];
    expect((await migrator.migrateTo(previous)).error).to.equal(undefined);
    const at = '2026-01-05T09:00:00.000Z';
    await sql`INSERT INTO committees (name, created_at) VALUES ('Socialnämnden', ${at})`.execute(db);
    await sql`INSERT INTO users (email, name, role, password_hash, created_at, updated_at)
              VALUES ('chef@exempelkommun.se', 'Eva Exempel', 'manager', 'x', ${at}, ${at})`.execute(db);
    await sql`INSERT INTO matters (committee_id, kind, title, ivo_reference, description, created_at, updated_at)
              VALUES (1, 'ivo_supervision', 'Tillsyn av hemtjänsten', '8.5-111/2025', 'Äldreomsorg', ${at}, ${at})`.execute(
      db,
    );
    await sql`INSERT INTO findings (matter_id, title, created_at, updated_at)
              VALUES (1, 'Genomförandeplaner saknas', ${at}, ${at})`.execute(db);
    await sql`INSERT INTO actions (committee_id, title, owner_id, due_on, created_at, updated_at)
              VALUES (1, 'Upprätta genomförandeplaner', 1, '2026-06-30', ${at}, ${at})`.execute(db);
    await sql`INSERT INTO action_updates (action_id, user_id, created_at, to_status, comment)
              VALUES (1, 1, ${at}, 'in_progress', 'Hälften av planerna är klara')`.execute(db);

    await migrateToLatest(db);

    const totals = async (q: string) =>
      Object.fromEntries(
        (await search(db, { role: 'reader' }, q, { page: { limit: 10, offset: 0 } })).groups.map((g) => [
          g.kind,
          g.total,
        ]),
      );
    expect(await totals('genomförandeplan')).to.deep.equal({ matters: 0, findings: 1, actions: 1, comments: 0 });
    expect(await totals('ÄLDRE')).to.deep.equal({ matters: 1, findings: 0, actions: 0, comments: 0 });
    expect(await totals('8.5-111/2025')).to.deep.equal({ matters: 1, findings: 0, actions: 0, comments: 0 });
    expect(await totals('hälften')).to.deep.equal({ matters: 0, findings: 0, actions: 0, comments: 1 });

    await sql`UPDATE actions SET title = 'Skriva vårdplaner', status = 'done' WHERE id = 1`.execute(db);
    await sql`UPDATE findings SET description = 'Journalerna saknar planer' WHERE id = 1`.execute(db);
    expect(await totals('genomförandeplan')).to.deep.equal({ matters: 0, findings: 1, actions: 0, comments: 0 });
    expect(await totals('vårdplan')).to.deep.equal({ matters: 0, findings: 0, actions: 1, comments: 0 });
    expect(await totals('journal')).to.deep.equal({ matters: 0, findings: 1, actions: 0, comments: 0 });
    // FTS5 compares each index with its table (rank 1: the text too) and raises on any difference.
    for (const index of ['search_matters', 'search_findings', 'search_actions', 'search_comments'])
      await sql`INSERT INTO ${sql.table(index)}(${sql.ref(index)}, rank) VALUES ('integrity-check', 1)`.execute(db);
    await db.destroy();
  });
});
