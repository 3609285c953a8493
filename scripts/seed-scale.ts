import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock, todayOf } from '../src/clock.ts';
import { addDays } from '../src/deadlines/calendar.ts';
import { hashPassword } from '../src/users/password.ts';

// Fills DATABASE_PATH with a large, fictional data set for the benchmark (npm run bench):
//   npm run seed:scale -- --actions 100000 [--fresh] [--seed 1] [--report-actions 2000]
//
// Proportions, per 1 000 actions (one "Exempelkommun"): 2 nämnder, 12 users (1 admin,
// 1 förvaltningschef, 1 nämndsekreterare, 1 läsare, 8 chefer), about 100 matters with
// 1–6 findings each, 1–5 actions per finding (15 % of the actions also address a second
// finding), a status history of 3 entries per action on average (the creation entry
// included) and a meeting about every five weeks per nämnd, two years back and one ahead.
// When N ≥ 4 × report-actions, the first nämnd of the first kommun is made large: its open
// matters hold exactly report-actions actions, so its next meeting's återrapportering covers
// that many (the PDF benchmark), and it has one issued report five weeks ago so the report's
// "changes since" section has content.
//
// Everything is written by prepared statements in one transaction on the migrated file;
// scripts may write SQL, the app itself goes through its repositories. No ANALYZE is run,
// because a production database would not have one either.

// Every seeded user has this password; the benchmark logs in as forvaltningschef@exempelkommun.se.
const BENCH_PASSWORD = 'bench-losenord-2026';

const USAGE = 'Användning: npm run seed:scale -- --actions N [--fresh] [--seed S] [--report-actions R]';

const { values: args } = parseArgs({
  options: {
    actions: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    'report-actions': { type: 'string', default: '2000' },
  },
});
const N = Number(args.actions);
const REPORT_ACTIONS = Number(args['report-actions']);
if (!Number.isInteger(N) || N < 10 || !Number.isInteger(REPORT_ACTIONS) || REPORT_ACTIONS < 1) {
  console.error(USAGE);
  process.exit(2);
}

let databasePath: string;
try {
  databasePath = loadConfig().databasePath;
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.message);
  process.exit(2);
}
if (databasePath === ':memory:') {
  console.error('DATABASE_PATH måste vara en fil.');
  process.exit(2);
}
if (args.fresh) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(databasePath + suffix, { force: true });

const started = performance.now();
const kysely = openDatabase(databasePath);
await migrateToLatest(kysely);
await kysely.destroy();

const sqlite = new SQLite(databasePath);
sqlite.pragma('foreign_keys = ON');
// A throwaway bulk load: no journal while it runs and a cache that holds the whole transaction
// (WAL would write every page twice); the file is switched back to WAL, as the app expects, at the end.
sqlite.pragma('journal_mode = MEMORY');
sqlite.pragma('synchronous = OFF');
sqlite.pragma('cache_size = -400000');
const existing = (sqlite.prepare('SELECT count(*) AS n FROM actions').get() as { n: number }).n;
if (existing > 0) {
  console.error(
    `Databasen ${databasePath} har redan ${existing} åtgärder. Ange --fresh för att börja om från en tom databas.`,
  );
  process.exit(1);
}
const tables = new Set(
  (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
    (r) => r.name,
  ),
);

// A small deterministic generator (mulberry32), so the same N and seed give the same data.
let state = Number(args.seed) >>> 0 || 1;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const chance = (p: number) => random() < p;

const today = todayOf(systemClock);
const nowMs = Date.now();
/** An instant (ISO, UTC, as the app stores it) at a working-hours time on the given date. */
const instantOn = (date: string, minuteOfDay = int(8 * 60, 17 * 60)) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + minuteOfDay * 60_000 - 3_600_000).toISOString();
const earlier = (a: string, b: string) => (a < b ? a : b);

const FIRST_NAMES = [
  'Anna',
  'Erik',
  'Maria',
  'Johan',
  'Leila',
  'Per',
  'Sara',
  'Karin',
  'Lars',
  'Emma',
  'Ahmed',
  'Elin',
  'Mikael',
  'Sofia',
  'Nils',
  'Ida',
  'Oskar',
  'Hanna',
  'Jonas',
  'Amira',
  'Fredrik',
  'Linnea',
  'Mats',
  'Eva',
];
const LAST_NAMES = [
  'Berg',
  'Sandström',
  'Lindgren',
  'Ek',
  'Haddad',
  'Nilsson',
  'Holm',
  'Lund',
  'Åkesson',
  'Wikström',
  'Karlsson',
  'Öberg',
  'Strand',
  'Forsberg',
  'Hussein',
  'Dahl',
  'Björk',
  'Sjöberg',
  'Falk',
  'Engström',
];
const UNITS = [
  'Barn och unga – myndighetsutövning',
  'Vuxen – myndighetsutövning',
  'Ekonomiskt bistånd',
  'Familjehemsvård',
  'HVB för ensamkommande',
  'Missbruks- och beroendevård',
  'Våld i nära relationer',
  'Socialjouren',
  'Boende med särskild service',
  'Öppenvård barn och familj',
];
const MATTER_TITLES = [
  'Handläggning och dokumentation av utredningar',
  'Utredningstider inom barn och unga',
  'Uppföljning av placerade barn',
  'Handläggning av orosanmälningar',
  'Samverkan kring personer med samsjuklighet',
  'Brister i dokumentation av beslut',
  'Rättssäker handläggning av ekonomiskt bistånd',
  'Tillsyn av HVB-verksamhet',
  'Lex Sarah: utebliven insats',
  'Lex Sarah: bristande uppföljning av skyddsbedömning',
  'Egenkontroll av akter',
  'Revision av intern kontroll',
];
const FINDING_TITLES = [
  'Utredningar slutförs inte inom fyra månader',
  'Bedömningar dokumenteras inte',
  'Barnets bästa framgår inte av besluten',
  'Skyddsbedömning görs inte samma dag',
  'Uppföljning av vårdplan saknas',
  'Journalanteckningar förs inte löpande',
  'Beslut saknar motivering',
  'Samverkan med regionen är inte dokumenterad',
  'Ansvarig socialsekreterare byts ofta',
  'Egenkontroller genomförs inte enligt plan',
];
const ACTION_TITLES = [
  'Säkerställa att relevanta bedömningar dokumenteras',
  'Öka samverkan med regionen vid samsjuklighet',
  'Kompetensutveckling i dokumentation för nyanställda',
  'Införa månatlig uppföljning av utredningstider',
  'Ta fram rutin för skyddsbedömning',
  'Genomföra aktgranskning varje kvartal',
  'Revidera delegationsordningen',
  'Införa checklista för beslutsmotivering',
  'Utse ansvarig för uppföljning av vårdplaner',
  'Rekrytera två socialsekreterare',
  'Handledning i utredningsmetodik',
  'Ta fram mall för journalanteckningar',
];
const COMMENTS = [
  'Arbetet har påbörjats och en arbetsgrupp är utsedd.',
  'Rutinen är framtagen och ska beslutas av ledningsgruppen.',
  'Försenat på grund av vakanser; ny plan tas fram till nästa sammanträde.',
  'Utbildningen genomfördes för samtliga handläggare.',
  'Uppföljningen visar att utredningstiderna har kortats.',
  'Avvaktar besked från regionen om gemensam rutin.',
  'Klart och uppföljt i egenkontrollen.',
  'Delvis genomfört; återstår att informera nyanställda.',
  'Checklistan används nu i alla nya ärenden.',
  'Aktgranskningen visade fortsatta brister i dokumentationen.',
];
const TEXT =
  'Åtgärden följs upp av enhetschefen och redovisas för ledningsgruppen. Syftet är att bristen inte ska upprepas och att arbetssättet blir en del av det ordinarie kvalitetsarbetet.';
const KINDS: [string, number][] = [
  ['ivo_supervision', 30],
  ['lex_sarah_investigation', 25],
  ['lex_sarah_report', 10],
  ['ivo_complaint', 10],
  ['revision', 10],
  ['internal_control', 10],
  ['other', 5],
];
function weighted(list: [string, number][]): string {
  let r = random() * list.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of list) if ((r -= w) < 0) return v;
  return list[0][0];
}

const insert = {
  committee: sqlite.prepare('INSERT INTO committees (name, administration, created_at) VALUES (?, ?, ?)'),
  user: sqlite.prepare(
    'INSERT INTO users (email, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  ),
  matter: sqlite.prepare(
    `INSERT INTO matters (committee_id, kind, title, unit, ivo_reference, own_reference, decided_on, respond_by, fine_amount, fine_status,
       final_on, follow_up_on, legal_basis, description, closed_on, closed_note, created_by, created_at, updated_by, updated_at)
     VALUES (@committee_id, @kind, @title, @unit, @ivo_reference, @own_reference, @decided_on, @respond_by, @fine_amount, @fine_status,
       @final_on, NULL, @legal_basis, @description, @closed_on, @closed_note, @by, @created_at, @by, @created_at)`,
  ),
  finding: sqlite.prepare(
    'INSERT INTO findings (matter_id, title, description, response_required, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  ),
  action: sqlite.prepare(
    `INSERT INTO actions (committee_id, title, description, owner_id, due_on, status, version, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  link: sqlite.prepare('INSERT INTO action_findings (action_id, finding_id) VALUES (?, ?)'),
  update: sqlite.prepare(
    'INSERT INTO action_updates (action_id, user_id, created_at, from_status, to_status, comment) VALUES (?, ?, ?, ?, ?, ?)',
  ),
  meeting: tables.has('meetings')
    ? sqlite.prepare(
        'INSERT INTO meetings (committee_id, held_on, title, own_reference, place, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
    : null,
  report: tables.has('reports')
    ? sqlite.prepare(
        `INSERT INTO reports (meeting_id, committee_id, version_no, document_id, reason, snapshot, pdf, sha256, issued_by, issued_at)
         VALUES (?, ?, 1, ?, '', ?, ?, ?, ?, ?)`,
      )
    : null,
};

const passwordHash = await hashPassword(BENCH_PASSWORD);
const kommuner = Math.max(1, Math.round(N / 1000));
const counts = {
  committees: 0,
  users: 0,
  matters: 0,
  findings: 0,
  actions: 0,
  links: 0,
  updates: 0,
  meetings: 0,
  reports: 0,
};

interface Kommun {
  name: string;
  domain: string;
  director: number;
  secretary: number;
  managers: number[];
  committees: { id: number; short: string }[];
}

function createKommun(k: number): Kommun {
  const name = k === 1 ? 'Exempelkommun' : `Exempelkommun ${k}`;
  const domain = k === 1 ? 'exempelkommun.se' : `exempelkommun${k}.se`;
  const createdAt = instantOn(addDays(today, -1100));
  const person = () => `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
  const user = (local: string, role: string) => {
    counts.users += 1;
    return Number(
      insert.user.run(`${local}@${domain}`, person(), role, passwordHash, createdAt, createdAt).lastInsertRowid,
    );
  };
  user('admin', 'admin');
  const director = user('forvaltningschef', 'director');
  const secretary = user('namndsekreterare', 'secretary');
  user('lasare', 'reader');
  const managers = Array.from({ length: 8 }, (_, i) => user(`chef${i + 1}`, 'manager'));
  const committees = [
    { name: `Socialnämnden${k === 1 ? '' : ` i ${name}`}`, administration: 'Socialförvaltningen', short: 'SN' },
    {
      name: `Arbetsmarknads- och socialnämnden${k === 1 ? '' : ` i ${name}`}`,
      administration: 'Arbetsmarknadsförvaltningen',
      short: 'ASN',
    },
  ].map((c) => {
    counts.committees += 1;
    return { id: Number(insert.committee.run(c.name, c.administration, createdAt).lastInsertRowid), short: c.short };
  });
  return { name, domain, director, secretary, managers, committees };
}

const FINAL_BY_DUE = {
  past: [
    ['done', 55],
    ['in_progress', 25],
    ['not_started', 15],
    ['cancelled', 5],
  ] as [string, number][],
  future: [
    ['not_started', 40],
    ['in_progress', 50],
    ['done', 10],
  ] as [string, number][],
  closed: [
    ['done', 90],
    ['cancelled', 10],
  ] as [string, number][],
};

/** One action with its history; the history ends in the action's status and sets its version. */
function createAction(
  kommun: Kommun,
  committeeId: number,
  decidedOn: string,
  matterClosedOn: string | null,
  findingIds: number[],
) {
  const owner = chance(0.1) ? kommun.director : pick(kommun.managers);
  const createdOn = earlier(addDays(decidedOn, int(3, 40)), today);
  const dueOn = addDays(createdOn, int(30, 400));
  const status = matterClosedOn
    ? weighted(FINAL_BY_DUE.closed)
    : weighted(dueOn < today ? FINAL_BY_DUE.past : FINAL_BY_DUE.future);
  // Further entries after the creation entry, 2 on average: 3 entries per action in all.
  const further = status === 'not_started' ? int(0, 4) : int(1, 3);
  const path: string[] = [];
  if (further > 0) {
    const route = status === 'not_started' ? [] : status === 'in_progress' ? ['in_progress'] : ['in_progress', status];
    for (let i = 0; i < further; i++) path.push(route[Math.max(0, route.length - (further - i))] ?? 'not_started');
    path[path.length - 1] = status;
  }
  const historyEnd = earlier(matterClosedOn ?? today, today);
  const createdAt = instantOn(createdOn);
  const title = `${pick(ACTION_TITLES)}${chance(0.5) ? ` – ${pick(UNITS).toLowerCase()}` : ''}`;
  const id = Number(
    insert.action.run(
      committeeId,
      title,
      chance(0.7) ? TEXT : '',
      owner,
      dueOn,
      status,
      1 + path.length,
      kommun.director,
      createdAt,
      createdAt,
    ).lastInsertRowid,
  );
  counts.actions += 1;
  for (const f of findingIds) {
    insert.link.run(id, f);
    counts.links += 1;
  }
  insert.update.run(id, kommun.director, createdAt, null, 'not_started', ''); // a creation entry, as the app writes it
  counts.updates += 1;
  const span = Math.max(1, Date.parse(`${historyEnd}T00:00:00Z`) - Date.parse(`${createdOn}T00:00:00Z`));
  let from = 'not_started';
  path.forEach((to, i) => {
    const at = new Date(
      Math.min(nowMs - 60_000, Date.parse(createdAt) + (span * (i + 1)) / (path.length + 1)),
    ).toISOString();
    const comment = to !== from && chance(0.2) ? '' : pick(COMMENTS);
    insert.update.run(id, owner, at, from, to, comment);
    counts.updates += 1;
    from = to;
  });
}

/**
 * One matter with its findings and actions. `maxActions` caps the actions so quotas come out exact;
 * returns the number of actions created.
 */
function createMatter(
  kommun: Kommun,
  committee: { id: number; short: string },
  open: boolean | null,
  maxActions: number,
): number {
  const kind = weighted(KINDS);
  const ivo = kind.startsWith('ivo');
  // Matters closed on purpose (the large nämnd's) closed before its previous report, so its
  // next report covers exactly the actions of its open matters.
  const decidedOn = addDays(today, open === false ? -int(400, 1100) : -int(20, 1100));
  const year = decidedOn.slice(0, 4);
  const closedOn =
    open === true
      ? null
      : open === false || (decidedOn < addDays(today, -365) && chance(0.55))
        ? earlier(addDays(decidedOn, int(200, 700)), addDays(today, open === false ? -60 : 0))
        : null;
  const fine =
    ivo && chance(0.08) ? { status: pick(['risk', 'ordered', 'imposed']), amount: int(2, 10) * 100_000 } : null;
  counts.matters += 1;
  const matterId = Number(
    insert.matter.run({
      committee_id: committee.id,
      kind,
      title: `${pick(MATTER_TITLES)} (${counts.matters})`,
      unit: pick(UNITS),
      ivo_reference: ivo ? `8.5-${int(10000, 99999)}/${year}` : '',
      own_reference: `${committee.short} ${year}/${int(10, 999)}`,
      decided_on: decidedOn,
      respond_by: ivo || chance(0.3) ? addDays(decidedOn, int(45, 120)) : null,
      fine_amount: fine?.amount ?? null,
      fine_status: fine?.status ?? 'none',
      final_on: fine && fine.status !== 'risk' ? addDays(decidedOn, 30) : null,
      legal_basis: ivo ? '13 kap. 8 § socialtjänstlagen (2025:400)' : '',
      description: `${TEXT} ${TEXT}`,
      closed_on: closedOn,
      closed_note: closedOn ? 'IVO avslutade ärendet efter redovisning.' : '',
      by: kommun.director,
      created_at: instantOn(decidedOn),
    }).lastInsertRowid,
  );
  const findingIds = Array.from({ length: int(1, 6) }, () => {
    counts.findings += 1;
    return Number(
      insert.finding.run(
        matterId,
        pick(FINDING_TITLES),
        TEXT,
        chance(0.85) ? 1 : 0,
        instantOn(decidedOn),
        instantOn(decidedOn),
      ).lastInsertRowid,
    );
  });
  let made = 0;
  for (const f of findingIds) {
    for (let i = int(1, 5); i > 0 && made < maxActions; i--) {
      const also = findingIds.length > 1 && chance(0.15) ? pick(findingIds.filter((x) => x !== f)) : null;
      createAction(kommun, committee.id, decidedOn, closedOn, also ? [f, also] : [f]);
      made += 1;
    }
  }
  return made;
}

function createMeetings(committeeId: number, by: number): number[] {
  if (!insert.meeting) return [];
  const ids: number[] = [];
  for (let d = addDays(today, -730 + int(0, 20)); d <= addDays(today, 365); d = addDays(d, 35)) {
    const createdAt = instantOn(addDays(d, -60));
    ids.push(
      Number(
        insert.meeting.run(committeeId, d, '', '', 'Sammanträdesrummet, kommunhuset', by, createdAt, createdAt)
          .lastInsertRowid,
      ),
    );
    counts.meetings += 1;
  }
  return ids;
}

const big = N >= 4 * REPORT_ACTIONS;
let bigMeeting: number | null = null;
sqlite.transaction(() => {
  const list = Array.from({ length: kommuner }, (_, i) => createKommun(i + 1));
  const all = list.flatMap((k) => k.committees.map((c) => ({ kommun: k, committee: c })));
  // The large nämnd: exactly REPORT_ACTIONS actions in open matters, and its share again in closed ones.
  let remaining = N;
  if (big) {
    const { kommun, committee } = all[0];
    for (let left = REPORT_ACTIONS; left > 0;) left -= createMatter(kommun, committee, true, left);
    const closedShare = Math.round(REPORT_ACTIONS * 0.3);
    for (let left = closedShare; left > 0;) left -= createMatter(kommun, committee, false, left);
    remaining -= REPORT_ACTIONS + closedShare;
  }
  const rest = big ? all.slice(1) : all;
  rest.forEach(({ kommun, committee }, i) => {
    let left = Math.floor(remaining / (rest.length - i));
    remaining -= left;
    while (left > 0) left -= createMatter(kommun, committee, null, left);
  });
  for (const { kommun, committee } of all) {
    const meetings = createMeetings(committee.id, kommun.secretary);
    if (big && committee === all[0].committee && insert.report) {
      // The previous meeting's report, as issued: a stand-in PDF, since only its date and id are read.
      const heldOn = sqlite
        .prepare(
          'SELECT id, held_on FROM meetings WHERE committee_id = ? AND held_on < ? ORDER BY held_on DESC LIMIT 1',
        )
        .get(committee.id, today) as { id: number; held_on: string } | undefined;
      const next = sqlite
        .prepare('SELECT id FROM meetings WHERE committee_id = ? AND held_on >= ? ORDER BY held_on LIMIT 1')
        .get(committee.id, today) as { id: number } | undefined;
      bigMeeting = next?.id ?? meetings[meetings.length - 1] ?? null;
      if (heldOn) {
        const pdf = Buffer.from('%PDF-1.4\n% Platshållare från seed:scale\n%%EOF\n');
        insert.report.run(
          heldOn.id,
          committee.id,
          `AR-${heldOn.held_on.replaceAll('-', '')}-${heldOn.id}-v1`,
          JSON.stringify({ seed: 'scale' }),
          pdf,
          sha256(pdf),
          kommun.secretary,
          instantOn(heldOn.held_on, 18 * 60),
        );
        counts.reports += 1;
      }
    }
  }
})();
sqlite.pragma('journal_mode = WAL');
sqlite.close();

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  JSON.stringify({
    databasePath,
    ...counts,
    kommuner,
    reportCommitteeId: big ? 1 : null,
    reportMeetingId: bigMeeting,
    seconds: Number(seconds),
  }),
);
