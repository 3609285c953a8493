import { expect } from 'chai';
import request from 'supertest';
import { parse } from 'parse5';
import { loggedIn, loginAs, makeUser, PASSWORD, testApp, type Session, type TestApp } from '../helpers/app.ts';
import { displayed, fit, HOSTILE, type HostileInput } from '../helpers/hostile.ts';
import { securityTestApp } from '../helpers/security.ts';
import { asBytes } from '../helpers/download.ts';

/**
 * Every hostile string saved, through the forms, in every text field a user can fill in; then
 * every page that shows them is parsed as a browser would parse it. No page may contain a
 * script, an event handler or a javascript: URL that the app did not write itself, and the
 * text must appear literally (control characters removed, see hostile.ts). The same corpus is
 * used by the browser and PDF tests.
 */

interface Node {
  nodeName: string;
  tagName?: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  content?: Node;
}

interface Page {
  url: string;
  status: number;
  texts: string[];
  attributes: string[];
  problems: string[];
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster']);

/** The page as a browser's parser builds it: its text, its attribute values, and anything that could run. */
function inspect(url: string, status: number, html: string): Page {
  const page: Page = { url, status, texts: [], attributes: [], problems: [] };
  const walk = (node: Node) => {
    if (node.nodeName === '#text') page.texts.push(node.value ?? '');
    if (node.tagName) {
      // The app's own scripts come from /assets (the CSP allows only 'self'); anything else was injected.
      const ownScript =
        node.tagName === 'script' &&
        (node.childNodes ?? []).length === 0 &&
        node.attrs?.some((a) => a.name === 'src' && a.value.startsWith('/assets/'));
      if (['script', 'iframe', 'object', 'embed', 'base', 'frame', 'frameset'].includes(node.tagName) && !ownScript)
        page.problems.push(`<${node.tagName}> element`);
      if (node.tagName === 'meta' && node.attrs?.some((a) => a.name === 'http-equiv'))
        page.problems.push('<meta http-equiv> element');
      if (node.tagName === 'form' && node.attrs?.some((a) => a.name === 'action' && /^https?:/i.test(a.value)))
        page.problems.push('form posting to another site');
      for (const a of node.attrs ?? []) {
        page.attributes.push(a.value);
        if (/^on/i.test(a.name)) page.problems.push(`${a.name}= attribute on <${node.tagName}>`);
        if (a.name === 'style') page.problems.push(`style= attribute on <${node.tagName}>`);
        if (
          URL_ATTRIBUTES.has(a.name) &&
          /^\s*(javascript|data|vbscript):/i.test(a.value.replace(/[\u0000-\u001F]/g, ''))
        )
          page.problems.push(`${a.name}="${a.value.slice(0, 40)}" on <${node.tagName}>`);
      }
    }
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content);
  };
  walk(parse(html) as unknown as Node);
  return page;
}

function shows(page: Page, expected: string): boolean {
  // A value with line breaks may be shown line by line; each line must be there as typed.
  return expected
    .split('\n')
    .filter((line) => line.trim() !== '')
    .every(
      (line) => page.texts.some((t) => t.includes(line.trim())) || page.attributes.some((a) => a.includes(line.trim())),
    );
}

describe('security: the page inspector used on hostile input', () => {
  it('when markup was written unescaped, then the inspector reports it; when escaped, it finds the text literally', () => {
    const raw =
      '<p><img src=x onerror=alert(1)><a href=" javascript:alert(1)">x</a><script>alert(1)</script><div style="x"></div></p>';
    expect(inspect('/', 200, raw).problems).to.deep.equal([
      'onerror= attribute on <img>',
      'href=" javascript:alert(1)" on <a>',
      '<script> element',
      'style= attribute on <div>',
    ]);
    const escaped = '<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</p><input value="&#34;&gt;&lt;b&gt;">';
    const page = inspect('/', 200, escaped);
    expect(page.problems).to.deep.equal([]);
    expect(shows(page, '<script>alert("x")</script>')).to.equal(true);
    expect(shows(page, '"><b>')).to.equal(true);
    expect(shows(page, '<b>fet</b>')).to.equal(false);
    expect(inspect('/', 200, '<script src="/assets/app.js" defer></script>').problems).to.deep.equal([]);
  });
});

interface Saved {
  input: HostileInput;
  committeeId: number;
  userId: number;
  userEmail: string;
  matterId: number;
  findingId: number;
  actionId: number;
  meetingId: number;
}

// The limits of each field (see the forms), so long input is saved where it fits.
const MAX = {
  committee: 200,
  userName: 120,
  title: 200,
  unit: 200,
  reference: 60,
  legalBasis: 1000,
  description: 10000,
  finding: 500,
  action: 300,
  comment: 4000,
  closedNote: 4000,
  meetingTitle: 200,
  meetingReference: 100,
  place: 200,
  meetingNote: 2000,
  submissionNote: 2000,
};

describe('security: hostile input in every text field', function () {
  this.timeout(180000);
  let t: TestApp;
  let admin: Session;
  let director: Session;
  const saved: Saved[] = [];
  const pages = new Map<string, Page>();

  async function visit(s: Session, url: string): Promise<Page> {
    const res = await s.get(url);
    const page = inspect(url, res.status, res.text);
    pages.set(url, page);
    return page;
  }

  async function posted(
    s: Session,
    url: string,
    fields: Record<string, string | string[]>,
    formUrl: string,
    what: string,
  ): Promise<string> {
    const res = await s.post(url, fields, formUrl);
    expect(
      res.status,
      `${what}: ${res.status} ${res.status === 422 ? (/<div class="error-summary"[\s\S]*?<\/ul>/.exec(res.text)?.[0] ?? '') : ''}`,
    ).to.equal(303);
    return res.headers.location;
  }

  before(async () => {
    t = await testApp();
    admin = (await loggedIn(t, 'admin', 'Alva Admin')).session;
    director = (await loggedIn(t, 'director', 'Frida Förvaltningschef')).session;
    for (const [i, input] of HOSTILE.entries()) {
      const v = input.value;
      const what = (field: string) => `${input.name} in ${field}`;

      await posted(
        admin,
        '/admin/namnder/ny',
        { name: fit(v, MAX.committee), administration: fit(v, MAX.committee) },
        '/admin/namnder/ny',
        what('nämnd'),
      );
      const committee = await t.db
        .selectFrom('committees')
        .select('id')
        .where('name', '=', displayed(v, MAX.committee))
        .executeTakeFirstOrThrow();

      const userEmail = `fientlig${i}@exempelkommun.se`;
      await posted(
        admin,
        '/admin/anvandare/ny',
        { name: fit(v, MAX.userName), email: userEmail, role: 'manager', password: PASSWORD },
        '/admin/anvandare/ny',
        what('användare'),
      );
      const user = await t.db.selectFrom('users').select('id').where('email', '=', userEmail).executeTakeFirstOrThrow();

      const matterUrl = await posted(
        director,
        '/arenden',
        {
          committeeId: String(committee.id),
          kind: 'ivo_supervision',
          title: fit(v, MAX.title),
          unit: fit(v, MAX.unit),
          ivoReference: fit(v, MAX.reference),
          ownReference: fit(v, MAX.reference),
          decidedOn: '2026-02-02',
          respondBy: '2026-03-27',
          fineAmount: '',
          fineStatus: 'none',
          legalBasis: fit(v, MAX.legalBasis),
          description: fit(v, MAX.description),
        },
        '/arenden/ny',
        what('ärende'),
      );
      const matterId = Number(/\/arenden\/(\d+)/.exec(matterUrl)![1]);

      await posted(
        director,
        `/arenden/${matterId}/brister`,
        { title: fit(v, MAX.finding), description: fit(v, MAX.description), responseRequired: 'ja' },
        `/arenden/${matterId}/brister/ny`,
        what('brist'),
      );
      const finding = await t.db
        .selectFrom('findings')
        .select('id')
        .where('matter_id', '=', matterId)
        .executeTakeFirstOrThrow();

      const actionUrl = await posted(
        director,
        '/atgarder',
        {
          arende: String(matterId),
          title: fit(v, MAX.action),
          description: fit(v, MAX.description),
          ownerId: String(user.id),
          dueOn: '2026-03-20',
          findingIds: [String(finding.id)],
        },
        `/atgarder/ny?arende=${matterId}`,
        what('åtgärd'),
      );
      const actionId = Number(/\/atgarder\/(\d+)/.exec(actionUrl)![1]);
      await posted(
        director,
        `/atgarder/${actionId}/statusuppdateringar`,
        { status: 'in_progress', comment: fit(v, MAX.comment), version: '1' },
        `/atgarder/${actionId}`,
        what('kommentar'),
      );

      const version = async () =>
        String(
          (await t.db.selectFrom('matters').select('version').where('id', '=', matterId).executeTakeFirstOrThrow())
            .version,
        );
      await posted(
        director,
        `/arenden/${matterId}/avsluta`,
        { closedOn: '2026-03-16', closedNote: fit(v, MAX.closedNote), version: await version() },
        `/arenden/${matterId}/avsluta`,
        what('avslutsanteckning'),
      );
      await posted(
        director,
        `/arenden/${matterId}/ateroppna`,
        { version: await version() },
        `/arenden/${matterId}`,
        what('återöppning'),
      );

      const meetingUrl = await posted(
        director,
        '/sammantraden/ny',
        {
          committeeId: String(committee.id),
          heldOn: '2026-04-20',
          title: fit(v, MAX.meetingTitle),
          ownReference: fit(v, MAX.meetingReference),
          place: fit(v, MAX.place),
          note: fit(v, MAX.meetingNote),
        },
        '/sammantraden/ny',
        what('sammanträde'),
      );
      const meetingId = Number(/\/sammantraden\/(\d+)/.exec(meetingUrl)![1]);

      await posted(
        director,
        `/arenden/${matterId}/redovisningar`,
        { sentOn: '2026-03-10', findingIds: [String(finding.id)], note: fit(v, MAX.submissionNote), roundsSeen: '0' },
        `/arenden/${matterId}/redovisningar`,
        what('redovisning'),
      );

      saved.push({
        input,
        committeeId: committee.id,
        userId: user.id,
        userEmail,
        matterId,
        findingId: finding.id,
        actionId,
        meetingId,
      });
    }
  });

  it('when each hostile string is saved, then it is stored as typed, less control characters', async () => {
    for (const s of saved) {
      const matter = await t.db
        .selectFrom('matters')
        .selectAll()
        .where('id', '=', s.matterId)
        .executeTakeFirstOrThrow();
      expect(matter.title, s.input.name).to.equal(displayed(s.input.value, MAX.title));
      expect(matter.description, s.input.name).to.equal(displayed(s.input.value, MAX.description));
      const update = await t.db
        .selectFrom('action_updates')
        .select('comment')
        .where('action_id', '=', s.actionId)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(update.comment, s.input.name).to.equal(displayed(s.input.value, MAX.comment));
      expect(matter.title).not.to.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
    }
    expect(await t.db.selectFrom('matters').select('id').execute(), 'DROP TABLE did nothing').to.have.length(
      HOSTILE.length,
    );
  });

  it('when the lists and overviews are shown, then no page has script, handlers or javascript: URLs, and none fails', async () => {
    const manager = await loginAs(t, saved[0].userEmail);
    const urls: [Session, string][] = [
      [director, '/'],
      [director, '/arenden'],
      [director, '/arenden?status=alla'],
      [director, `/arenden?q=${encodeURIComponent('<script>alert(1)</script>')}`],
      [director, '/atgarder'],
      [director, `/atgarder?ansvarig=${saved[0].userId}`],
      [director, '/sammantraden'],
      [director, '/logg'],
      [admin, '/admin/anvandare'],
      [admin, '/admin/namnder'],
      [manager, '/'],
      [manager, '/atgarder/mina'],
    ];
    const problems: string[] = [];
    for (const [s, url] of urls) {
      const page = await visit(s, url);
      if (page.status !== 200) problems.push(`${url}: HTTP ${page.status}`);
      problems.push(...page.problems.map((p) => `${url}: ${p}`));
    }
    expect(problems).to.deep.equal([]);
    const text = (url: string) => pages.get(url)!;
    for (const s of saved) {
      expect(
        shows(text('/admin/anvandare'), displayed(s.input.value, MAX.userName)),
        `${s.input.name}: user name in the user list`,
      ).to.equal(true);
      expect(
        shows(text('/admin/namnder'), displayed(s.input.value, MAX.committee)),
        `${s.input.name}: nämnd in the list`,
      ).to.equal(true);
      expect(
        shows(text('/atgarder'), displayed(s.input.value, MAX.action)),
        `${s.input.name}: action in the list`,
      ).to.equal(true);
    }
  });

  it('when each record’s own pages and forms are shown, then no script can run and every field’s text appears literally', async () => {
    const problems: string[] = [];
    const missing: string[] = [];
    for (const s of saved) {
      const v = s.input.value;
      const expectations: [Session, string, [string, number][]][] = [
        [
          director,
          `/arenden/${s.matterId}`,
          [
            ['matter title', MAX.title],
            ['unit', MAX.unit],
            ['reference', MAX.reference],
            ['legal basis', MAX.legalBasis],
            ['description', MAX.description],
            ['closing note', MAX.closedNote],
            ['finding', MAX.finding],
            ['action', MAX.action],
            ['owner', MAX.userName],
            ['nämnd', MAX.committee],
          ],
        ],
        [
          director,
          `/arenden/${s.matterId}/redigera`,
          [
            ['title', MAX.title],
            ['unit', MAX.unit],
            ['reference', MAX.reference],
            ['legal basis', MAX.legalBasis],
            ['description', MAX.description],
          ],
        ],
        [director, `/arenden/${s.matterId}/avsluta`, []],
        [
          director,
          `/brister/${s.findingId}/redigera`,
          [
            ['finding', MAX.finding],
            ['description', MAX.description],
          ],
        ],
        [
          director,
          `/atgarder/${s.actionId}`,
          [
            ['action', MAX.action],
            ['description', MAX.description],
            ['comment', MAX.comment],
            ['owner', MAX.userName],
          ],
        ],
        [
          director,
          `/atgarder/${s.actionId}/redigera`,
          [
            ['action', MAX.action],
            ['description', MAX.description],
            ['owner', MAX.userName],
            ['finding', MAX.finding],
          ],
        ],
        [director, `/atgarder/ny?arende=${s.matterId}`, [['finding', MAX.finding]]],
        [
          director,
          `/sammantraden/${s.meetingId}`,
          [
            ['nämnd', MAX.committee],
            ['place', MAX.place],
          ],
        ],
        [
          director,
          `/sammantraden/${s.meetingId}/redigera`,
          [
            ['title', MAX.meetingTitle],
            ['reference', MAX.meetingReference],
            ['place', MAX.place],
            ['note', MAX.meetingNote],
          ],
        ],
        [
          director,
          `/sammantraden/${s.meetingId}/rapport`,
          [
            ['matter title', MAX.title],
            ['action', MAX.action],
            ['owner', MAX.userName],
          ],
        ],
        [director, `/arenden/${s.matterId}/redovisningar`, [['finding', MAX.finding]]],
        [admin, `/admin/anvandare/${s.userId}`, [['name', MAX.userName]]],
        [admin, `/admin/namnder/${s.committeeId}`, [['name', MAX.committee]]],
      ];
      for (const [session, url, fields] of expectations) {
        const page = await visit(session, url);
        if (page.status !== 200) problems.push(`${s.input.name} ${url}: HTTP ${page.status}`);
        problems.push(...page.problems.map((p) => `${s.input.name} ${url}: ${p}`));
        for (const [field, max] of fields) {
          if (!shows(page, displayed(v, max))) missing.push(`${s.input.name}: ${field} not shown literally on ${url}`);
        }
      }
    }
    expect(problems, problems.slice(0, 30).join('\n')).to.deep.equal([]);
    expect(missing, missing.slice(0, 60).join('\n')).to.deep.equal([]);
  });

  it('when the PDFs with hostile text are made, then each is a PDF, not an error', async () => {
    for (const s of saved) {
      for (const url of [
        `/sammantraden/${s.meetingId}/rapport.pdf`,
        `/arenden/${s.matterId}/redovisningar/utkast.pdf`,
      ]) {
        const res = await director.agent.get(url).buffer(true).parse(asBytes);
        expect(res.status, `${s.input.name}: ${url}`).to.equal(200);
        expect((res.body as Buffer).subarray(0, 5).toString('latin1'), `${s.input.name}: ${url}`).to.equal('%PDF-');
      }
    }
  });

  it('when hostile text comes in the address or the login form, then it is shown escaped, never runs, and the redirect after login stays on this site', async () => {
    // An app whose login throttle does not really sleep: every attempt here fails.
    const other = await securityTestApp();
    const agent = request.agent(other.app);
    const problems: string[] = [];
    const person = await makeUser(other, 'reader');
    for (const input of HOSTILE) {
      const fresh = request.agent(other.app);
      const token = /name="_csrf" value="([^"]+)"/.exec((await fresh.get('/logga-in')).text)![1];
      const res = await fresh
        .post('/logga-in')
        .type('form')
        .send({ email: person.email, password: PASSWORD, nasta: `/${input.value}`, _csrf: token });
      expect(res.status, input.name).to.equal(303);
      expect(res.headers.location, input.name).to.match(/^\/(?![/\\])[^\r\n]*$/);
      expect(res.headers, input.name).not.to.have.property('kapad');
      expect(String(res.headers['set-cookie']), input.name).not.to.contain('kapad');
    }
    for (const input of HOSTILE.filter((h) => h.value.length < 300)) {
      const url = `/logga-in?nasta=${encodeURIComponent(`/${input.value}`)}`;
      const page = await agent.get(url);
      const inspected = inspect(url, page.status, page.text);
      problems.push(...inspected.problems.map((p) => `${input.name} ${url}: ${p}`));
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      const login = await agent
        .post('/logga-in')
        .type('form')
        .send({ email: input.value, password: input.value, nasta: `/${input.value}`, _csrf: token });
      if (login.status >= 500) problems.push(`${input.name}: login answered ${login.status}`);
      problems.push(
        ...inspect('/logga-in (POST)', login.status, login.text).problems.map((p) => `${input.name} login: ${p}`),
      );
    }
    expect(problems).to.deep.equal([]);
  });
});
