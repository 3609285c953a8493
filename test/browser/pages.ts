import type { Page } from 'playwright-core';
import type { Role } from '../../src/users/roles.ts';
import { addDays } from '../../src/deadlines/calendar.ts';
import { todayOf } from '../../src/clock.ts';
import { csrfToken, postForm } from './support/browser.ts';
import { browserClock, type RunningApp } from './support/server.ts';

// Every route of the app, and the states in which a user meets it. The accessibility test reads
// the routes from Express's router and fails for any route missing here, so a new page cannot
// escape the scan: add it below with the states people will see it in.

/** full: the README's demo data; empty: users only; virgin: no users (the set-up link); many: over a hundred nämnder and owners. */
export type ServerName = 'full' | 'empty' | 'virgin' | 'many';

/** Ids in the full server's database, and links made while setting it up. */
export interface Fixture {
  /** Open, with a föreläggande med vite, findings, actions and a redovisning to IVO. */
  matter: number;
  closedMatter: number;
  /** Open, without findings. */
  bareMatter: number;
  finding: number;
  /** Unfinished, owned by the chef who logs in (Anna Berg). */
  managerAction: number;
  /** Another unfinished action, so that two conflicts never touch the same one. */
  otherAction: number;
  managerUser: number;
  readerUser: number;
  committee: number;
  draftMeeting: number;
  issuedMeeting: number;
  cancelledMeeting: number;
  pastMeeting: number;
  /** A coming meeting, used for "issued twice at once". */
  raceMeeting: number;
  report: number;
  submission: number;
  /** A bilaga of the matter (a short text file). */
  attachment: number;
  /** A one-time password reset link for the reader. */
  resetPath: string;
  /** The first-administrator set-up link of the virgin server. */
  setupPath: string;
  /** An API token of the reader's, made by the administrator. */
  apiToken: number;
}

export interface PageState {
  state: string;
  who: Role | null;
  server?: ServerName;
  path: (f: Fixture) => string;
  /** HTTP status of the page; 200 unless said. */
  status?: number;
  /** Not a page: checked for its type and status, not scanned. */
  kind?: 'pdf' | 'csv' | 'text' | 'docx' | 'json' | 'xlsx';
  /** A selector the page must show in this state (so the scan covers what it is meant to). */
  shows?: string;
}

export interface FormState {
  state: string;
  who: Role | null;
  server?: ServerName;
  /** The page holding the form. */
  page: (f: Fixture) => string;
  /** The form's action, when it differs from the route with ids filled in. */
  action: (f: Fixture) => string;
  /** What the user does to the form before sending it; by default, empties every field. */
  fill?: (page: Page, form: ReturnType<Page['locator']>) => Promise<void>;
  /** Status of the answer to the POST. */
  status: number;
}

export interface ConflictState {
  state: string;
  who: Role;
  page: (f: Fixture) => string;
  action: (f: Fixture) => string;
  /** What each of the two people changes before sending; `who` is 'first' or 'second'. */
  change: (form: ReturnType<Page['locator']>, who: 'first' | 'second') => Promise<void>;
  /** When the one who saves first does it in another form. */
  second?: { page: (f: Fixture) => string; action: (f: Fixture) => string; change: ConflictState['change'] };
}

const today = () => todayOf(browserClock);
/** A valid personnummer (Skatteverket's test person), which every text field must refuse. */
export const PERSONNUMMER = '19121212-1212';

export const PAGES: Record<string, PageState[]> = {
  'GET /': [
    { state: 'Översikt, full', who: 'director', path: () => '/' },
    { state: 'Översikt for a chef, with Mina åtgärder', who: 'manager', path: () => '/' },
    { state: 'Översikt, empty', who: 'director', server: 'empty', path: () => '/' },
  ],
  'GET /logga-in': [{ state: 'login form', who: null, path: () => '/logga-in' }],
  'GET /installera/:token': [
    { state: 'first administrator set-up', who: null, server: 'virgin', path: (f) => f.setupPath },
    { state: 'set-up link already used', who: null, path: () => '/installera/finns-inte', status: 404 },
  ],
  'GET /aterstall/:token': [
    { state: 'choose a new password', who: null, path: (f) => f.resetPath },
    { state: 'reset link no longer valid', who: null, path: () => '/aterstall/finns-inte', status: 404 },
  ],
  'GET /konto/losenord': [{ state: 'change own password', who: 'manager', path: () => '/konto/losenord' }],
  'GET /konto/kalender': [{ state: 'my calendar address', who: 'manager', path: () => '/konto/kalender' }],
  'GET /konto/ersattare': [{ state: 'my ersättare', who: 'manager', path: () => '/konto/ersattare' }],
  'GET /konto/paminnelser': [{ state: 'my reminders', who: 'manager', path: () => '/konto/paminnelser' }],
  'GET /admin/utkorg': [{ state: 'the utkorg', who: 'admin', path: () => '/admin/utkorg' }],
  'GET /admin/utkorg/:id': [
    { state: 'a mail that does not exist', who: 'admin', path: () => '/admin/utkorg/999999', status: 404 },
  ],
  'GET /kalender/:token.ics': [
    {
      state: 'a calendar address that does not exist',
      who: null,
      path: () => '/kalender/finns-inte.ics',
      status: 404,
      kind: 'text',
    },
  ],
  'GET /tillganglighet': [
    { state: 'accessibility statement, logged out', who: null, path: () => '/tillganglighet' },
    { state: 'accessibility statement, logged in', who: 'reader', path: () => '/tillganglighet' },
  ],
  'GET /halsa': [
    { state: 'health check', who: null, path: () => '/halsa', kind: 'json' },
    { state: 'health details', who: 'admin', path: () => '/halsa?detaljer', kind: 'json' },
  ],

  'GET /arenden.xlsx': [
    { state: 'matters as Excel', who: 'reader', path: () => '/arenden.xlsx?status=alla', kind: 'xlsx' },
  ],
  'GET /arenden.csv': [{ state: 'matters as CSV', who: 'reader', path: () => '/arenden.csv', kind: 'csv' }],
  'GET /arenden': [
    { state: 'open matters', who: 'director', path: () => '/arenden' },
    { state: 'closed matters', who: 'reader', path: () => '/arenden?status=avslutade' },
    { state: 'no match for the filter', who: 'director', path: () => '/arenden?q=finns-inte-alls' },
    { state: 'no matters at all', who: 'director', server: 'empty', path: () => '/arenden' },
    {
      state: 'Nämnd as a name search (over a hundred nämnder)',
      who: 'director',
      server: 'many',
      path: () => '/arenden?namnd_namn=utskott',
      shows: 'main:has(input[name=namnd_namn][value=utskott]) tbody tr:has-text("Utredning i utskott")',
    },
  ],
  'GET /sok': [
    { state: 'results in every group', who: 'director', path: () => '/sok?q=dokumentation' },
    { state: 'a chef, one group page by page', who: 'manager', path: () => '/sok?q=a&typ=atgarder' },
    { state: 'nothing found', who: 'reader', path: () => '/sok?q=finns-inte-alls' },
    { state: 'no query: the hint', who: 'reader', path: () => '/sok' },
  ],
  'GET /arenden/ny': [
    { state: 'new matter', who: 'director', path: () => '/arenden/ny' },
    { state: 'new matter, no nämnder yet', who: 'director', server: 'empty', path: () => '/arenden/ny' },
    { state: 'forbidden for a reader', who: 'reader', path: () => '/arenden/ny', status: 403 },
  ],
  'GET /arenden/:id': [
    { state: 'matter with vite, findings and actions', who: 'director', path: (f) => `/arenden/${f.matter}` },
    { state: 'matter as a reader', who: 'reader', path: (f) => `/arenden/${f.matter}` },
    { state: 'closed matter', who: 'director', path: (f) => `/arenden/${f.closedMatter}` },
    { state: 'matter without findings', who: 'director', path: (f) => `/arenden/${f.bareMatter}` },
    { state: 'matter that does not exist', who: 'director', path: () => '/arenden/999999', status: 404 },
  ],
  'GET /arenden/:id/historik': [
    { state: 'change history of a matter', who: 'reader', path: (f) => `/arenden/${f.matter}/historik` },
    {
      state: 'change history of a matter that does not exist',
      who: 'director',
      path: () => '/arenden/999999/historik',
      status: 404,
    },
  ],
  'GET /arenden/:id/redigera': [
    { state: 'edit matter', who: 'director', path: (f) => `/arenden/${f.matter}/redigera` },
  ],
  'GET /arenden/:id/avsluta': [{ state: 'close matter', who: 'director', path: (f) => `/arenden/${f.matter}/avsluta` }],
  'GET /arenden/:id/brister/ny': [
    { state: 'new finding', who: 'director', path: (f) => `/arenden/${f.matter}/brister/ny` },
  ],
  'GET /brister/:id/redigera': [
    { state: 'edit finding', who: 'director', path: (f) => `/brister/${f.finding}/redigera` },
  ],
  'GET /brister/:id/effekt': [
    { state: 'effect follow-up of a finding', who: 'director', path: (f) => `/brister/${f.finding}/effekt` },
  ],
  'GET /arenden/:id/redovisningar': [
    { state: 'redovisningar with one registered', who: 'secretary', path: (f) => `/arenden/${f.matter}/redovisningar` },
    { state: 'redovisningar as a reader', who: 'reader', path: (f) => `/arenden/${f.matter}/redovisningar` },
    {
      state: 'redovisningar, matter without findings',
      who: 'director',
      path: (f) => `/arenden/${f.bareMatter}/redovisningar`,
    },
  ],
  'GET /arenden/:id/redovisningar/utkast.pdf': [
    {
      state: 'draft redovisning PDF',
      who: 'director',
      path: (f) => `/arenden/${f.matter}/redovisningar/utkast.pdf`,
      kind: 'pdf',
    },
  ],
  'GET /redovisningar/:id.pdf': [
    {
      state: 'registered redovisning PDF',
      who: 'reader',
      path: (f) => `/redovisningar/${f.submission}.pdf`,
      kind: 'pdf',
    },
  ],
  'GET /redovisningar/:id.docx': [
    {
      state: 'registered redovisning as Word',
      who: 'reader',
      path: (f) => `/redovisningar/${f.submission}.docx`,
      kind: 'docx',
    },
  ],

  'GET /atgarder.xlsx': [
    { state: 'filtered actions as Excel', who: 'reader', path: () => '/atgarder.xlsx?status=overdue', kind: 'xlsx' },
  ],
  'GET /atgarder.csv': [
    {
      state: 'actions of one matter as CSV',
      who: 'director',
      path: (f) => `/atgarder.csv?arende=${f.matter}`,
      kind: 'csv',
    },
  ],
  'GET /atgardsplan/mall.xlsx': [
    { state: 'the plan template (Excel)', who: 'director', path: () => '/atgardsplan/mall.xlsx', kind: 'xlsx' },
  ],
  'GET /atgardsplan/mall.csv': [
    { state: 'the plan template (CSV)', who: 'director', path: () => '/atgardsplan/mall.csv', kind: 'csv' },
  ],
  'GET /atgardsplan/importera': [
    { state: 'import of an action plan', who: 'director', path: () => '/atgardsplan/importera' },
    {
      state: 'import of an action plan, from a matter',
      who: 'director',
      path: (f) => `/atgardsplan/importera?arende=${f.matter}`,
    },
    { state: 'import, forbidden for a reader', who: 'reader', path: () => '/atgardsplan/importera', status: 403 },
  ],
  'GET /atgarder': [
    { state: 'all actions', who: 'director', path: () => '/atgarder' },
    { state: 'overdue actions', who: 'reader', path: () => '/atgarder?status=overdue' },
    { state: 'actions not updated for 30 days', who: 'director', path: () => '/atgarder?status=stale' },
    { state: 'filter with a date that is not a date', who: 'director', path: () => '/atgarder?fore=4%2F4%2F2026' },
    { state: 'actions of one matter', who: 'director', path: (f) => `/atgarder?arende=${f.matter}` },
    { state: 'no actions at all', who: 'director', server: 'empty', path: () => '/atgarder' },
    {
      state: 'Nämnd and Ansvarig as name searches (over a hundred of each)',
      who: 'director',
      server: 'many',
      path: () => '/atgarder?namnd_namn=utskott&ansvarig_namn=enhetschef',
      shows:
        'main:has(input[name=namnd_namn][value=utskott]):has(input[name=ansvarig_namn][value=enhetschef]) tbody tr:has-text("Uppföljning i utskott")',
    },
  ],
  'GET /atgarder/mina': [
    { state: 'Mina åtgärder', who: 'manager', path: () => '/atgarder/mina' },
    { state: 'Mina åtgärder, none', who: 'manager', server: 'empty', path: () => '/atgarder/mina' },
  ],
  'GET /atgarder/ny': [{ state: 'new action', who: 'director', path: (f) => `/atgarder/ny?arende=${f.matter}` }],
  'GET /atgarder/:id': [
    { state: 'own action with the status form', who: 'manager', path: (f) => `/atgarder/${f.managerAction}` },
    { state: 'action as a reader', who: 'reader', path: (f) => `/atgarder/${f.managerAction}` },
  ],
  'GET /atgarder/:id/redigera': [
    { state: 'edit action', who: 'director', path: (f) => `/atgarder/${f.managerAction}/redigera` },
  ],

  'GET /sammantraden': [
    { state: 'meetings', who: 'secretary', path: () => '/sammantraden' },
    { state: 'meetings as a reader', who: 'reader', path: () => '/sammantraden' },
    { state: 'no meetings', who: 'secretary', server: 'empty', path: () => '/sammantraden' },
    {
      state: 'Nämnd as a name search (over a hundred nämnder)',
      who: 'secretary',
      server: 'many',
      path: () => '/sammantraden?namnd_namn=utskott',
      shows: 'main:has(input[name=namnd_namn][value=utskott]) h2:has-text("Utskott 101 i Exempelkommun")',
    },
  ],
  'GET /sammantraden/ny': [{ state: 'new meeting', who: 'secretary', path: () => '/sammantraden/ny' }],
  'GET /sammantraden/planera': [{ state: 'plan the year', who: 'secretary', path: () => '/sammantraden/planera' }],
  'GET /sammantraden/:id': [
    { state: 'meeting with a draft report', who: 'secretary', path: (f) => `/sammantraden/${f.draftMeeting}` },
    { state: 'meeting with an issued report', who: 'secretary', path: (f) => `/sammantraden/${f.issuedMeeting}` },
    { state: 'cancelled meeting', who: 'secretary', path: (f) => `/sammantraden/${f.cancelledMeeting}` },
    { state: 'past meeting without report', who: 'reader', path: (f) => `/sammantraden/${f.pastMeeting}` },
  ],
  'GET /sammantraden/:id/redigera': [
    { state: 'edit meeting', who: 'secretary', path: (f) => `/sammantraden/${f.draftMeeting}/redigera` },
  ],
  'GET /sammantraden/:id/stall-in': [
    { state: 'cancel meeting', who: 'secretary', path: (f) => `/sammantraden/${f.draftMeeting}/stall-in` },
    {
      state: 'cancel a cancelled meeting',
      who: 'secretary',
      path: (f) => `/sammantraden/${f.cancelledMeeting}/stall-in`,
    },
  ],
  'GET /sammantraden/:id/rapport': [
    { state: 'report preview, first report', who: 'secretary', path: (f) => `/sammantraden/${f.draftMeeting}/rapport` },
    {
      state: 'report preview of an issued meeting',
      who: 'reader',
      path: (f) => `/sammantraden/${f.issuedMeeting}/rapport`,
    },
  ],
  'GET /sammantraden/:id/rapport.pdf': [
    {
      state: 'draft report PDF',
      who: 'secretary',
      path: (f) => `/sammantraden/${f.draftMeeting}/rapport.pdf`,
      kind: 'pdf',
    },
  ],
  'GET /rapporter/:id.pdf': [
    { state: 'issued report PDF', who: 'reader', path: (f) => `/rapporter/${f.report}.pdf`, kind: 'pdf' },
  ],
  'GET /rapporter/:id.docx': [
    { state: 'issued report as Word', who: 'reader', path: (f) => `/rapporter/${f.report}.docx`, kind: 'docx' },
  ],
  'GET /sammantraden/:id/tjansteskrivelse': [
    {
      state: 'tjänsteskrivelse, not yet written',
      who: 'secretary',
      path: (f) => `/sammantraden/${f.draftMeeting}/tjansteskrivelse`,
    },
    {
      state: 'tjänsteskrivelse, forbidden for a reader',
      who: 'reader',
      path: (f) => `/sammantraden/${f.draftMeeting}/tjansteskrivelse`,
      status: 403,
    },
  ],

  'GET /logg': [
    { state: 'audit log', who: 'director', path: () => '/logg' },
    { state: 'audit log, no match', who: 'admin', path: () => '/logg?fran=2000-01-01&till=2000-01-02' },
  ],
  'GET /logg.csv': [{ state: 'audit log CSV', who: 'admin', path: () => '/logg.csv', kind: 'csv' }],
  'GET /logg.xlsx': [{ state: 'audit log as Excel', who: 'director', path: () => '/logg.xlsx', kind: 'xlsx' }],

  'GET /admin/anvandare': [{ state: 'users', who: 'admin', path: () => '/admin/anvandare' }],
  'GET /admin/anvandare/ny': [{ state: 'new user', who: 'admin', path: () => '/admin/anvandare/ny' }],
  'GET /admin/anvandare/:id': [
    { state: 'edit user', who: 'admin', path: (f) => `/admin/anvandare/${f.managerUser}` },
    {
      state: 'admin opening a page of administration only',
      who: 'director',
      path: (f) => `/admin/anvandare/${f.managerUser}`,
      status: 403,
    },
  ],
  'GET /arenden/:id/bilagor': [
    {
      state: 'bilagor of a matter, with the upload form',
      who: 'director',
      path: (f) => `/arenden/${f.matter}/bilagor`,
    },
    { state: 'bilagor of a matter as a reader', who: 'reader', path: (f) => `/arenden/${f.matter}/bilagor` },
  ],
  'GET /brister/:id/bilagor': [
    { state: 'bilagor of a brist, none yet', who: 'director', path: (f) => `/brister/${f.finding}/bilagor` },
  ],
  'GET /atgarder/:id/bilagor': [
    { state: 'evidence of own action', who: 'manager', path: (f) => `/atgarder/${f.managerAction}/bilagor` },
  ],
  'GET /redovisningar/:id/bilagor': [
    { state: 'bilagor of a redovisning', who: 'secretary', path: (f) => `/redovisningar/${f.submission}/bilagor` },
  ],
  'GET /bilagor/:id': [
    { state: 'a bilaga downloaded', who: 'reader', path: (f) => `/bilagor/${f.attachment}`, kind: 'text' },
  ],
  'GET /bilagor/:id/felaktig': [
    { state: 'mark a bilaga felaktigt uppladdad', who: 'director', path: (f) => `/bilagor/${f.attachment}/felaktig` },
  ],

  'GET /admin/namnder': [
    { state: 'nämnder', who: 'admin', path: () => '/admin/namnder' },
    { state: 'no nämnder', who: 'admin', server: 'empty', path: () => '/admin/namnder' },
  ],
  'GET /admin/namnder/ny': [{ state: 'new nämnd', who: 'admin', path: () => '/admin/namnder/ny' }],
  'GET /admin/namnder/:id': [{ state: 'edit nämnd', who: 'admin', path: (f) => `/admin/namnder/${f.committee}` }],
  'GET /admin/kommun': [
    { state: 'the kommun’s name and logo', who: 'admin', path: () => '/admin/kommun' },
    { state: 'the kommun, empty installation', who: 'admin', server: 'empty', path: () => '/admin/kommun' },
  ],
  'GET /admin/api-nycklar': [
    { state: 'API tokens', who: 'admin', path: () => '/admin/api-nycklar' },
    { state: 'no API tokens', who: 'admin', server: 'empty', path: () => '/admin/api-nycklar' },
  ],
  'GET /admin/api-nycklar/ny': [{ state: 'new API token', who: 'admin', path: () => '/admin/api-nycklar/ny' }],
  'GET /admin/api-nycklar/:id': [
    { state: 'an API token and its uses', who: 'admin', path: (f) => `/admin/api-nycklar/${f.apiToken}` },
  ],
  // The JSON API: a browser's session is no token, so it gets the API's JSON 401 (api.test.ts has the rest).
  'GET /api/v1/openapi.json': [
    { state: 'the OpenAPI document', who: null, path: () => '/api/v1/openapi.json', kind: 'json' },
  ],
  'GET /api/v1/arenden': [
    { state: 'API without a token', who: 'reader', path: () => '/api/v1/arenden', kind: 'json', status: 401 },
  ],
  'GET /api/v1/arenden/:id': [
    {
      state: 'API without a token',
      who: 'reader',
      path: (f) => `/api/v1/arenden/${f.matter}`,
      kind: 'json',
      status: 401,
    },
  ],
  'GET /api/v1/atgarder': [
    { state: 'API without a token', who: 'reader', path: () => '/api/v1/atgarder', kind: 'json', status: 401 },
  ],
  'GET /api/v1/sammantraden': [
    { state: 'API without a token', who: 'reader', path: () => '/api/v1/sammantraden', kind: 'json', status: 401 },
  ],
  'GET /admin/inloggning': [
    { state: 'group → role mapping, single sign-on not configured', who: 'admin', path: () => '/admin/inloggning' },
  ],
  // The browser servers have no identity provider: these answer 404 (logging in through one is
  // test/integration/oidc.test.ts, against a real provider).
  'GET /logga-in/oidc': [
    { state: 'single sign-on not configured', who: null, path: () => '/logga-in/oidc', status: 404 },
  ],
  'GET /logga-in/oidc/callback': [
    {
      state: 'provider answer, single sign-on not configured',
      who: null,
      path: () => '/logga-in/oidc/callback?code=x&state=y',
      status: 404,
    },
  ],
};

/** A page no route answers, for the 404 page. */
export const NOT_FOUND: PageState[] = [
  { state: 'page that does not exist', who: 'director', path: () => '/finns-inte', status: 404 },
  { state: 'page that does not exist, logged out (goes to login)', who: null, path: () => '/finns-inte' },
];

const wrongPassword = async (_page: Page, form: ReturnType<Page['locator']>) => {
  await form.getByLabel('E-postadress').fill('lasare@exempelkommun.se');
  await form.getByLabel('Lösenord').fill('inte-det-har-losenordet');
};

const personnummerIn = (label: string) => async (_page: Page, form: ReturnType<Page['locator']>) => {
  await form.getByLabel(label).fill(`Gäller ${PERSONNUMMER}`);
};

const planWithErrors = async (_page: Page, form: ReturnType<Page['locator']>) => {
  const csv =
    '\uFEFFÄrende;Brist;Kräver redovisning;Åtgärd;Ansvarig (e-post);Slutdatum;Status\r\n' +
    ';Brister i dokumentationen;Ja;Ny rutin för dokumentation;finns-inte@exempelkommun.se;2026-13-01;Försenad\r\n' +
    'SN 1999/1;Rutin saknas;Nej;;;;\r\n';
  await form.getByLabel('Fil med åtgärdsplanen').setInputFiles({
    name: 'plan.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
};

/** POST routes: the rejected form a user meets, or why there is none. */
export const FORMS: Record<string, FormState[] | { none: string }> = {
  'POST /logga-in': [
    { state: 'login with empty fields', who: null, page: () => '/logga-in', action: () => '/logga-in', status: 422 },
    {
      state: 'login with a wrong password',
      who: null,
      page: () => '/logga-in',
      action: () => '/logga-in',
      fill: wrongPassword,
      status: 401,
    },
  ],
  'POST /logga-ut': { none: 'logs out and goes to the login page, which is scanned' },
  'POST /arenden/:id/redovisningar/utkast.pdf': {
    none: 'a second button of the registration form that answers with the draft PDF; its refusals are the registration form’s, scanned there',
  },
  'POST /installera/:token': [
    {
      state: 'set-up with empty fields',
      who: null,
      server: 'virgin',
      page: (f) => f.setupPath,
      action: (f) => f.setupPath,
      status: 422,
    },
  ],
  'POST /aterstall/:token': [
    {
      state: 'new password with empty fields',
      who: null,
      page: (f) => f.resetPath,
      action: (f) => f.resetPath,
      status: 422,
    },
  ],
  'POST /konto/ersattare': [
    {
      state: 'new ersättare, empty',
      who: 'manager',
      page: () => '/konto/ersattare',
      action: () => '/konto/ersattare',
      status: 422,
    },
  ],
  'POST /konto/ersattare/:id/avsluta': {
    none: 'a button beside each period, shown only when there is one; checked in test/integration/substitutes.test.ts',
  },
  'POST /konto/paminnelser': {
    none: 'a checkbox and a choice that cannot be wrong from the form; a forged value is refused in test/integration/reminders.test.ts',
  },
  'POST /konto/kalender': {
    none: 'a button that makes a calendar address and shows it on the same page, checked in test/integration/calendar-feed.test.ts',
  },
  'POST /konto/losenord': [
    {
      state: 'change password with empty fields',
      who: 'manager',
      page: () => '/konto/losenord',
      action: () => '/konto/losenord',
      status: 422,
    },
  ],

  'POST /arenden': [
    { state: 'new matter, empty', who: 'director', page: () => '/arenden/ny', action: () => '/arenden', status: 422 },
  ],
  'POST /arenden/:id': [
    {
      state: 'edit matter, emptied',
      who: 'director',
      page: (f) => `/arenden/${f.matter}/redigera`,
      action: (f) => `/arenden/${f.matter}`,
      status: 422,
    },
  ],
  'POST /arenden/:id/avsluta': [
    {
      state: 'close matter without date',
      who: 'director',
      page: (f) => `/arenden/${f.matter}/avsluta`,
      action: (f) => `/arenden/${f.matter}/avsluta`,
      status: 422,
    },
  ],
  'POST /arenden/:id/ateroppna': { none: 'a button that reopens and goes back to the matter page, which is scanned' },
  'POST /arenden/:id/brister': [
    {
      state: 'new finding, empty',
      who: 'director',
      page: (f) => `/arenden/${f.matter}/brister/ny`,
      action: (f) => `/arenden/${f.matter}/brister`,
      status: 422,
    },
  ],
  'POST /brister/:id': [
    {
      state: 'edit finding, emptied',
      who: 'director',
      page: (f) => `/brister/${f.finding}/redigera`,
      action: (f) => `/brister/${f.finding}`,
      status: 422,
    },
  ],
  'POST /brister/:id/effekt': [
    {
      state: 'effect follow-up, empty',
      who: 'director',
      page: (f) => `/brister/${f.finding}/effekt`,
      action: (f) => `/brister/${f.finding}/effekt`,
      status: 422,
    },
  ],
  'POST /arenden/:id/redovisningar': [
    {
      state: 'register redovisning, empty',
      who: 'secretary',
      page: (f) => `/arenden/${f.matter}/redovisningar`,
      action: (f) => `/arenden/${f.matter}/redovisningar`,
      status: 422,
    },
  ],

  'POST /atgarder': [
    {
      state: 'new action, empty',
      who: 'director',
      page: (f) => `/atgarder/ny?arende=${f.matter}`,
      action: () => '/atgarder',
      status: 422,
    },
  ],
  'POST /atgarder/:id': [
    {
      state: 'edit action, emptied',
      who: 'director',
      page: (f) => `/atgarder/${f.managerAction}/redigera`,
      action: (f) => `/atgarder/${f.managerAction}`,
      status: 422,
    },
  ],
  'POST /atgarder/:id/statusuppdateringar': [
    {
      state: 'status update without change or comment',
      who: 'manager',
      page: (f) => `/atgarder/${f.managerAction}`,
      action: (f) => `/atgarder/${f.managerAction}/statusuppdateringar`,
      status: 422,
    },
    {
      state: 'status update with a personnummer',
      who: 'manager',
      page: (f) => `/atgarder/${f.managerAction}`,
      action: (f) => `/atgarder/${f.managerAction}/statusuppdateringar`,
      fill: personnummerIn('Kommentar'),
      status: 422,
    },
  ],
  'POST /atgarder/:id/slutdatum/begaran': [
    {
      state: 'request for a new slutdatum, empty',
      who: 'manager',
      page: (f) => `/atgarder/${f.managerAction}`,
      action: (f) => `/atgarder/${f.managerAction}/slutdatum/begaran`,
      status: 422,
    },
  ],
  'POST /atgarder/:id/slutdatum/begaran/godkann': {
    none: 'a button shown only while a chef’s request waits; answered in test/integration/actions.test.ts',
  },
  'POST /atgarder/:id/slutdatum/begaran/avsla': {
    none: 'a form shown only while a chef’s request waits; its refusal without a reason is in test/integration/actions.test.ts',
  },

  'POST /arenden/:id/bilagor': [
    {
      state: 'bilaga of a matter without a file',
      who: 'director',
      page: (f) => `/arenden/${f.matter}/bilagor`,
      action: (f) => `/arenden/${f.matter}/bilagor`,
      status: 422,
    },
  ],
  'POST /brister/:id/bilagor': [
    {
      state: 'bilaga of a brist without a file',
      who: 'director',
      page: (f) => `/brister/${f.finding}/bilagor`,
      action: (f) => `/brister/${f.finding}/bilagor`,
      status: 422,
    },
  ],
  'POST /atgarder/:id/bilagor': [
    {
      state: 'evidence without a file',
      who: 'manager',
      page: (f) => `/atgarder/${f.managerAction}/bilagor`,
      action: (f) => `/atgarder/${f.managerAction}/bilagor`,
      status: 422,
    },
  ],
  'POST /redovisningar/:id/bilagor': [
    {
      state: 'bilaga of a redovisning without a file',
      who: 'secretary',
      page: (f) => `/redovisningar/${f.submission}/bilagor`,
      action: (f) => `/redovisningar/${f.submission}/bilagor`,
      status: 422,
    },
  ],
  'POST /bilagor/:id/felaktig': [
    {
      state: 'felaktigt uppladdad without a reason',
      who: 'director',
      page: (f) => `/bilagor/${f.attachment}/felaktig`,
      action: (f) => `/bilagor/${f.attachment}/felaktig`,
      status: 422,
    },
  ],

  'POST /sammantraden/ny': [
    {
      state: 'new meeting, empty',
      who: 'secretary',
      page: () => '/sammantraden/ny',
      action: () => '/sammantraden/ny',
      status: 422,
    },
  ],
  'POST /sammantraden/planera': [
    {
      state: 'plan meetings, empty',
      who: 'secretary',
      page: () => '/sammantraden/planera',
      action: () => '/sammantraden/planera',
      status: 422,
    },
  ],
  'POST /sammantraden/:id/redigera': [
    {
      state: 'edit meeting, emptied',
      who: 'secretary',
      page: (f) => `/sammantraden/${f.draftMeeting}/redigera`,
      action: (f) => `/sammantraden/${f.draftMeeting}/redigera`,
      status: 422,
    },
  ],
  'POST /sammantraden/:id/stall-in': [
    {
      state: 'cancel meeting, reason with a personnummer',
      who: 'secretary',
      page: (f) => `/sammantraden/${f.draftMeeting}/stall-in`,
      action: (f) => `/sammantraden/${f.draftMeeting}/stall-in`,
      fill: personnummerIn('Anledning'),
      status: 422,
    },
  ],
  'POST /sammantraden/:id/utfarda': [
    {
      state: 'issue a new version without a reason',
      who: 'secretary',
      page: (f) => `/sammantraden/${f.issuedMeeting}`,
      action: (f) => `/sammantraden/${f.issuedMeeting}/utfarda`,
      status: 422,
    },
  ],

  'POST /admin/anvandare/ny': [
    {
      state: 'new user, empty',
      who: 'admin',
      page: () => '/admin/anvandare/ny',
      action: () => '/admin/anvandare/ny',
      status: 422,
    },
  ],
  'POST /admin/anvandare/:id': [
    {
      state: 'edit user, emptied',
      who: 'admin',
      page: (f) => `/admin/anvandare/${f.managerUser}`,
      action: (f) => `/admin/anvandare/${f.managerUser}`,
      status: 422,
    },
  ],
  'POST /admin/anvandare/:id/aterstallningslank': [
    {
      state: 'reset link made and shown once',
      who: 'admin',
      page: (f) => `/admin/anvandare/${f.managerUser}`,
      action: (f) => `/admin/anvandare/${f.managerUser}/aterstallningslank`,
      fill: async () => {},
      status: 303,
    },
  ],
  'POST /admin/api-nycklar': [
    {
      state: 'new API token, empty',
      who: 'admin',
      page: () => '/admin/api-nycklar/ny',
      action: () => '/admin/api-nycklar',
      status: 422,
    },
  ],
  'POST /admin/api-nycklar/:id/aterkalla': {
    none: 'a button on the token’s page without fields; revoking is checked in test/integration/api.test.ts',
  },
  'POST /admin/namnder/ny': [
    {
      state: 'new nämnd, empty',
      who: 'admin',
      page: () => '/admin/namnder/ny',
      action: () => '/admin/namnder/ny',
      status: 422,
    },
  ],
  'POST /admin/inloggning': [
    {
      state: 'group → role mapping, empty',
      who: 'admin',
      page: () => '/admin/inloggning',
      action: () => '/admin/inloggning',
      status: 422,
    },
  ],
  'POST /admin/inloggning/:id/ta-bort': {
    none: 'a button beside each mapping that removes it and returns to Inloggning, which is scanned',
  },
  'POST /atgardsplan/importera': [
    {
      state: 'import with no file chosen',
      who: 'director',
      page: () => '/atgardsplan/importera',
      action: () => '/atgardsplan/importera',
      status: 422,
    },
    {
      state: 'import of a plan whose row has errors (the preview)',
      who: 'director',
      page: (f) => `/atgardsplan/importera?arende=${f.matter}`,
      action: () => '/atgardsplan/importera',
      fill: planWithErrors,
      status: 422,
    },
  ],
  'POST /atgardsplan/importera/bekrafta': {
    none: 'confirms a valid preview, reached only by uploading; a confirmation whose preview is gone shows the upload page with the file error, scanned under POST /atgardsplan/importera',
  },
  'POST /admin/kommun': [
    {
      state: 'the kommun, name emptied',
      who: 'admin',
      page: () => '/admin/kommun',
      action: () => '/admin/kommun',
      status: 422,
    },
  ],
  'POST /sammantraden/:id/tjansteskrivelse': [
    {
      state: 'tjänsteskrivelse, emptied',
      who: 'secretary',
      page: (f) => `/sammantraden/${f.draftMeeting}/tjansteskrivelse`,
      action: (f) => `/sammantraden/${f.draftMeeting}/tjansteskrivelse`,
      status: 422,
    },
  ],
  'POST /admin/namnder/:id': [
    {
      state: 'edit nämnd, emptied',
      who: 'admin',
      page: (f) => `/admin/namnder/${f.committee}`,
      action: (f) => `/admin/namnder/${f.committee}`,
      status: 422,
    },
  ],
};

const appendTo = (label: string) => async (form: ReturnType<Page['locator']>, who: 'first' | 'second') => {
  const field = form.getByLabel(new RegExp(`^${label}`));
  await field.fill(`${await field.inputValue()} (ändrad av ${who === 'first' ? 'den första' : 'den andra'})`);
};

/** Two people saving the same thing at once: the second one meets the conflict page (409). Each touches its own record, so they can run side by side. */
export const CONFLICTS: ConflictState[] = [
  {
    state: 'tjänsteskrivelse written by two',
    who: 'secretary',
    page: (f) => `/sammantraden/${f.draftMeeting}/tjansteskrivelse`,
    action: (f) => `/sammantraden/${f.draftMeeting}/tjansteskrivelse`,
    change: appendTo('Förvaltningens bedömning'),
  },
  {
    state: 'matter edited by two',
    who: 'director',
    page: (f) => `/arenden/${f.matter}/redigera`,
    action: (f) => `/arenden/${f.matter}`,
    change: appendTo('Rubrik'),
  },
  {
    state: 'finding edited by two',
    who: 'director',
    page: (f) => `/brister/${f.finding}/redigera`,
    action: (f) => `/brister/${f.finding}`,
    change: appendTo('Beskrivning'),
  },
  {
    state: 'action edited by two',
    who: 'director',
    page: (f) => `/atgarder/${f.otherAction}/redigera`,
    action: (f) => `/atgarder/${f.otherAction}`,
    change: appendTo('Åtgärd'),
  },
  {
    state: 'status updated by two',
    who: 'manager',
    page: (f) => `/atgarder/${f.managerAction}`,
    action: (f) => `/atgarder/${f.managerAction}/statusuppdateringar`,
    change: async (form, who) =>
      form
        .getByLabel('Kommentar', { exact: true })
        .fill(`Lägesrapport från ${who === 'first' ? 'den första' : 'den andra'} fliken.`),
  },
  {
    state: 'meeting edited by two',
    who: 'secretary',
    page: (f) => `/sammantraden/${f.draftMeeting}/redigera`,
    action: (f) => `/sammantraden/${f.draftMeeting}/redigera`,
    change: appendTo('Plats'),
  },
  {
    state: 'report issued by two',
    who: 'secretary',
    page: (f) => `/sammantraden/${f.raceMeeting}`,
    action: (f) => `/sammantraden/${f.raceMeeting}/utfarda`,
    change: async () => {},
  },
  {
    state: 'redovisning registered by two',
    who: 'director',
    page: (f) => `/arenden/${f.matter}/redovisningar`,
    action: (f) => `/arenden/${f.matter}/redovisningar`,
    change: async (form) => {
      await form.getByLabel('Skickad').fill(today());
      await form.getByRole('checkbox').first().check();
    },
  },
  {
    state: 'user edited by two',
    who: 'admin',
    page: (f) => `/admin/anvandare/${f.readerUser}`,
    action: (f) => `/admin/anvandare/${f.readerUser}`,
    change: appendTo('Namn'),
  },
  {
    state: 'nämnd edited by two',
    who: 'admin',
    page: (f) => `/admin/namnder/${f.committee}`,
    action: (f) => `/admin/namnder/${f.committee}`,
    change: appendTo('Förvaltning'),
  },
  {
    state: 'matter closed while someone else edits it',
    who: 'director',
    page: (f) => `/arenden/${f.bareMatter}/avsluta`,
    action: (f) => `/arenden/${f.bareMatter}/avsluta`,
    change: async (form) => form.getByLabel(/^Avslutat/).fill(today()),
    second: {
      page: (f) => `/arenden/${f.bareMatter}/redigera`,
      action: (f) => `/arenden/${f.bareMatter}`,
      change: appendTo('Rubrik'),
    },
  },
];

function idFrom(location: string | null, pattern: RegExp): number {
  const m = location ? pattern.exec(location) : null;
  if (!m) throw new Error(`expected a redirect matching ${pattern}, got ${location}`);
  return Number(m[1]);
}

/**
 * Brings the full server into the states the pages are scanned in, through the app's own forms
 * (as the people who would do it), and reads the ids the URLs need.
 */
export async function prepareFixture(
  app: RunningApp,
  as: (role: Role) => Promise<Page>,
  setupPath: string,
): Promise<Fixture> {
  const one = <T>(sql: string, ...params: unknown[]): T => {
    const rows = app.query<T>(sql, ...params);
    if (rows.length === 0) throw new Error(`fixture: nothing found for ${sql}`);
    return rows[0];
  };
  const matter = one<{ id: number; committee_id: number }>(
    "SELECT id, committee_id FROM matters WHERE fine_status = 'ordered' AND closed_on IS NULL ORDER BY id LIMIT 1",
  );
  const closedMatter = one<{ id: number }>('SELECT id FROM matters WHERE closed_on IS NOT NULL ORDER BY id LIMIT 1');
  const finding = one<{ id: number }>(
    'SELECT id FROM findings WHERE matter_id = ? AND response_required = 1 ORDER BY id LIMIT 1',
    matter.id,
  );
  const managerUser = one<{ id: number }>("SELECT id FROM users WHERE email = 'chef.barn@exempelkommun.se'");
  const readerUser = one<{ id: number }>("SELECT id FROM users WHERE role = 'reader' ORDER BY id LIMIT 1");
  const managerAction = one<{ id: number }>(
    "SELECT id FROM actions WHERE owner_id = ? AND status = 'in_progress' ORDER BY due_on LIMIT 1",
    managerUser.id,
  );
  const otherAction = one<{ id: number }>(
    "SELECT id FROM actions WHERE id <> ? AND status = 'not_started' ORDER BY due_on LIMIT 1",
    managerAction.id,
  );

  const director = await as('director');
  const bare = await postForm(director, '/arenden', {
    kind: 'internal_control',
    committeeId: String(matter.committee_id),
    title: 'Egenkontroll av delegationsbeslut',
    fineStatus: 'none',
  });
  const bareMatter = idFrom(bare.location, /\/arenden\/(\d+)/);
  const registered = await postForm(director, `/arenden/${matter.id}/redovisningar`, {
    sentOn: today(),
    findingIds: [String(finding.id)],
    note: 'Skickad med e-post till IVO.',
    roundsSeen: '0',
  });
  if (registered.status !== 303) throw new Error(`fixture: registering a redovisning answered ${registered.status}`);
  const submission = one<{ id: number }>(
    'SELECT id FROM submissions WHERE matter_id = ? ORDER BY id DESC LIMIT 1',
    matter.id,
  );

  // A file form: sent as multipart, as the browser sends it.
  const attached = await director.request.post(`/arenden/${matter.id}/bilagor`, {
    multipart: {
      _csrf: await csrfToken(director),
      kind: 'decision',
      description: 'IVO:s beslut efter tillsynen',
      file: { name: 'ivo-beslut.txt', mimeType: 'text/plain', buffer: Buffer.from('IVO:s beslut (exempel)\n') },
    },
    maxRedirects: 0,
  });
  if (attached.status() !== 303) throw new Error(`fixture: attaching a bilaga answered ${attached.status()}`);
  const attachment = one<{ id: number }>('SELECT id FROM attachments ORDER BY id DESC LIMIT 1');

  const secretary = await as('secretary');
  const meeting = async (offset: number, title: string) =>
    idFrom(
      (
        await postForm(secretary, '/sammantraden/ny', {
          committeeId: String(matter.committee_id),
          heldOn: addDays(today(), offset),
          title,
          ownReference: '',
          place: 'Stadshuset, sal 2',
          note: '',
        })
      ).location,
      /\/sammantraden\/(\d+)/,
    );
  const pastMeeting = await meeting(-40, 'Återrapportering av åtgärdsplan');
  const issuedMeeting = await meeting(7, 'Återrapportering av åtgärdsplan');
  const draftMeeting = await meeting(35, 'Återrapportering av åtgärdsplan');
  const cancelledMeeting = await meeting(63, 'Återrapportering av åtgärdsplan');
  const raceMeeting = await meeting(91, 'Återrapportering av åtgärdsplan');
  const issued = await postForm(secretary, `/sammantraden/${issuedMeeting}/utfarda`, { issuedVersionsSeen: '0' });
  if (issued.status !== 303) throw new Error(`fixture: issuing a report answered ${issued.status}`);
  const report = one<{ id: number }>('SELECT id FROM reports WHERE meeting_id = ?', issuedMeeting);
  const cancelled = await postForm(secretary, `/sammantraden/${cancelledMeeting}/stall-in`, {
    reason: 'Nämnden sammanträder i stället veckan efter.',
    version: '1',
  });
  if (cancelled.status !== 303) throw new Error(`fixture: cancelling a meeting answered ${cancelled.status}`);

  const admin = await as('admin');
  // The link is shown once, on the page the form leads to.
  const made = await postForm(admin, `/admin/anvandare/${readerUser.id}/aterstallningslank`, {});
  if (made.status !== 303) throw new Error(`fixture: making a reset link answered ${made.status}`);
  const resetPath = /\/aterstall\/[A-Za-z0-9_-]+/.exec(made.next ?? '')?.[0];
  if (!resetPath) throw new Error('fixture: the user page showed no reset link');
  const token = await postForm(admin, '/admin/api-nycklar', {
    userId: String(readerUser.id),
    name: 'Power BI – uppföljning av åtgärder',
    expiresOn: addDays(today(), 90),
  });
  if (token.status !== 303) throw new Error(`fixture: making an API token answered ${token.status}`);
  const apiToken = idFrom(token.location, /\/admin\/api-nycklar\/(\d+)/);
  // One use, so the token's page lists its calls.
  const secret = /atp_[A-Za-z0-9_-]+/.exec(token.next ?? '')?.[0];
  if (!secret) throw new Error('fixture: the token’s page did not show the new token');
  const used = await admin.request.get('/api/v1/atgarder?status=open', {
    headers: { authorization: `Bearer ${secret}` },
  });
  if (used.status() !== 200) throw new Error(`fixture: the API answered the new token with ${used.status()}`);

  return {
    matter: matter.id,
    closedMatter: closedMatter.id,
    bareMatter,
    finding: finding.id,
    managerAction: managerAction.id,
    otherAction: otherAction.id,
    managerUser: managerUser.id,
    readerUser: readerUser.id,
    committee: matter.committee_id,
    draftMeeting,
    issuedMeeting,
    cancelledMeeting,
    pastMeeting,
    raceMeeting,
    report: report.id,
    submission: submission.id,
    attachment: attachment.id,
    resetPath,
    setupPath,
    apiToken,
  };
}
