import { expect } from 'chai';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Role } from '../../src/users/roles.ts';
import {
  DESKTOP,
  PHONE,
  axeViolations,
  describeViolations,
  horizontalOverflow,
  launchBrowser,
  watchConsole,
} from './support/browser.ts';
import { appRoutes } from './support/routes.ts';
import { startApp, type RunningApp } from './support/server.ts';
import { SessionPool, type PooledPage } from './support/session-pool.ts';
import {
  CONFLICTS,
  FORMS,
  NOT_FOUND,
  PAGES,
  prepareFixture,
  type Fixture,
  type FormState,
  type PageState,
  type ServerName,
} from './pages.ts';

// axe-core (WCAG 2.0/2.1 A and AA) on every page of the app in every state a user meets, against
// the app started as in production. Each page is also checked at 375 px for sideways scrolling,
// for console errors (a CSP refusal shows up there), and for the landmarks every page shares.

describe('Accessibility of every page (axe-core, WCAG 2.1 AA), in a real browser', function () {
  this.timeout(180_000);

  let browser: Browser;
  let servers: Record<ServerName, RunningApp>;
  let pool: SessionPool;
  let fixture: Fixture;

  before(async () => {
    const [full, empty, virgin, many] = await Promise.all([
      startApp('demo'),
      startApp('users'),
      startApp('none'),
      startApp('many'),
    ]);
    servers = { full, empty, virgin, many };
    browser = await launchBrowser();
    pool = new SessionPool(browser);
    if (!virgin.setupPath) throw new Error(`the server without users printed no set-up link:\n${virgin.output()}`);
    fixture = await prepareFixture(full, async (role) => (await pool.get(full, role)).page, virgin.setupPath);
  });

  after(async () => {
    await pool?.close();
    await browser?.close();
    await Promise.all(Object.values(servers ?? {}).map((s) => s.stop()));
  });

  it('when a route is added, then this test knows in which states to scan it (or says which to add)', async () => {
    const routes = await appRoutes();
    const known = new Set([...Object.keys(PAGES), ...Object.keys(FORMS)]);
    const missing = routes.filter((r) => !known.has(r));
    const stale = [...known].filter((k) => !routes.includes(k));
    expect(
      missing,
      `Routes the app serves that test/browser/pages.ts does not say how to visit. Add each to PAGES (GET) or FORMS (POST) with the states a user meets it in:\n  ${missing.join('\n  ')}\n`,
    ).to.deep.equal([]);
    expect(
      stale,
      `Entries in test/browser/pages.ts for routes the app no longer has; remove them:\n  ${stale.join('\n  ')}\n`,
    ).to.deep.equal([]);
    for (const [route, states] of Object.entries(PAGES)) expect(states, route).to.not.be.empty;
  });

  /**
   * Checks independent states two at a time, each lane in its own tab, which keeps the suite
   * within its time on a two-core machine. Problems come back in the order of the states.
   */
  async function inLanes<T>(
    states: T[],
    check: (state: T, lane: number) => Promise<string[]>,
    lanes = 2,
  ): Promise<string[]> {
    const results: string[][] = new Array(states.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        while (next < states.length) {
          const i = next++;
          results[i] = await check(states[i], lane);
        }
      }),
    );
    return results.flat();
  }

  /** Checks the page now shown; returns what is wrong with it, empty when nothing. */
  async function checkPage(s: PooledPage, label: string): Promise<string[]> {
    const problems: string[] = [];
    const { page } = s;
    const violations = await axeViolations(page);
    if (violations.length) problems.push(describeViolations(label, violations));

    const shape = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      title: document.title,
      h1: document.querySelectorAll('h1').length,
      main: document.querySelectorAll('main#main').length,
      skip: !!document.querySelector('a.skip-link[href="#main"]'),
      statement: !!document.querySelector('footer a[href="/tillganglighet"]'),
    }));
    if (shape.lang !== 'sv') problems.push(`${label}: <html lang> is "${shape.lang}", not "sv"`);
    if (!shape.title.endsWith('– Åtgärdsplan'))
      problems.push(`${label}: title "${shape.title}" does not name the page and the service`);
    if (shape.h1 !== 1) problems.push(`${label}: ${shape.h1} <h1> elements, not one`);
    if (shape.main !== 1) problems.push(`${label}: no <main id="main">`);
    if (!shape.skip) problems.push(`${label}: no skip link to #main`);
    if (!shape.statement) problems.push(`${label}: the footer does not link to the tillgänglighetsredogörelse`);

    await page.setViewportSize(PHONE);
    const { overflow, culprits } = await horizontalOverflow(page);
    await page.setViewportSize(DESKTOP);
    if (overflow > 0)
      problems.push(`${label}: scrolls ${overflow} px sideways at 375 px wide, because of ${culprits.join(', ')}`);

    // A rejected or conflicting form hands focus to what went wrong (views/assets/app.js).
    const focus = await page.evaluate(() => ({
      summary: !!document.getElementById('error-summary'),
      conflict: !!document.getElementById('conflict'),
      active: document.activeElement?.id ?? '',
    }));
    const wanted = focus.summary ? 'error-summary' : focus.conflict ? 'conflict' : null;
    if (wanted && focus.active !== wanted)
      problems.push(`${label}: focus is on "${focus.active || 'the page'}" instead of #${wanted}`);

    const errors = s.console.take();
    if (errors.length) problems.push(`${label}: console errors:\n    ${errors.join('\n    ')}`);
    return problems;
  }

  async function visit(state: PageState, lane: number): Promise<string[]> {
    const app = servers[state.server ?? 'full'];
    const s = await pool.get(app, state.who, lane);
    const url = state.path(fixture);
    const label = `${url} (${state.state}, ${state.who ?? 'logged out'}${state.server && state.server !== 'full' ? ', ' + state.server + ' database' : ''})`;
    const expected = state.status ?? 200;
    if (state.kind) {
      const res = await s.page.request.get(url);
      const type = res.headers()['content-type'] ?? '';
      const wanted = {
        pdf: 'application/pdf',
        csv: 'text/csv',
        text: 'text/plain',
        json: 'application/json',
        docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }[state.kind];
      const problems: string[] = [];
      if (res.status() !== expected) problems.push(`${label}: status ${res.status()}, expected ${expected}`);
      if (!type.startsWith(wanted)) problems.push(`${label}: content type ${type}, expected ${wanted}`);
      if (state.kind === 'pdf' && !(await res.body()).subarray(0, 5).equals(Buffer.from('%PDF-')))
        problems.push(`${label}: not a PDF`);
      return problems;
    }
    const res = await s.page.goto(url);
    if (res?.status() !== expected) return [`${label}: status ${res?.status()}, expected ${expected}`];
    if (state.shows && (await s.page.locator(state.shows).count()) === 0) {
      s.console.take(); // this page's console errors are not the next page's
      return [`${label}: shows nothing matching ${state.shows}`];
    }
    return checkPage(s, label);
  }

  it('when each page is opened in each state (lists full and empty, forms, details, error pages), then axe finds no violations', async () => {
    const states = [...Object.values(PAGES), NOT_FOUND].flat();
    const problems = await inLanes(states, visit);
    expect(problems, `\n${problems.join('\n\n')}\n`).to.deep.equal([]);
    expect(states.length).to.be.greaterThan(60);
  });

  function formOf(page: Page, action: string): Locator {
    return page.locator(`form[method="post"][action="${action}"]`);
  }

  async function emptyForm(form: Locator): Promise<void> {
    await form.evaluate((el: HTMLFormElement) => {
      for (const field of Array.from(el.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))) {
        if (field.type === 'hidden' || field.type === 'submit') continue;
        if (field.type === 'checkbox' || field.type === 'radio') (field as HTMLInputElement).checked = false;
        else field.value = '';
      }
    });
  }

  /** Sends the form and waits for the page that answers; returns the status of the POST. */
  async function send(page: Page, form: Locator, action: string): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === action),
      page.waitForNavigation({ waitUntil: 'load' }),
      form.locator('button[type="submit"]').first().click(),
    ]);
    return response.status();
  }

  async function rejectedForm(state: FormState, lane: number): Promise<string[]> {
    const app = servers[state.server ?? 'full'];
    const s = await pool.get(app, state.who as Role | null, lane);
    const action = state.action(fixture);
    const label = `POST ${action} (${state.state}, ${state.who ?? 'logged out'})`;
    await s.page.goto(state.page(fixture));
    const form = formOf(s.page, action);
    if ((await form.count()) !== 1)
      return [`${label}: ${state.page(fixture)} has ${await form.count()} forms posting to ${action}, expected one`];
    if (state.fill) await state.fill(s.page, form);
    else await emptyForm(form);
    const status = await send(s.page, form, action);
    if (status !== state.status) return [`${label}: status ${status}, expected ${state.status}`];
    const problems = await checkPage(s, label);
    if (status >= 400 && (await s.page.locator('#error-summary').count()) !== 1)
      problems.push(`${label}: no error summary`);
    return problems;
  }

  it('when a form is sent empty or with what it must refuse, then the page with the errors has no violations and focus is on the error summary', async () => {
    const states = Object.values(FORMS).flatMap((s) => (Array.isArray(s) ? s : []));
    const problems = await inLanes(states, rejectedForm);
    expect(problems, `\n${problems.join('\n\n')}\n`).to.deep.equal([]);
  });

  it('when someone sends a form after the page grew old (CSRF token no longer valid), then the error page has no violations', async () => {
    const s = await pool.get(servers.full, 'director');
    await s.page.goto('/arenden/ny');
    const form = formOf(s.page, '/arenden');
    await form.locator('input[name="_csrf"]').evaluate((el: HTMLInputElement) => (el.value = 'gammal-sida'));
    await form.getByLabel('Rubrik').fill('Tillsyn av hemtjänsten');
    const status = await send(s.page, form, '/arenden');
    expect(status).to.equal(403);
    await expectText(s.page, 'Formuläret har gått ut');
    expect(await checkPage(s, 'expired form (403)')).to.deep.equal([]);
  });

  it('when two people save the same thing at once, then the second one meets a conflict page without violations', async () => {
    const problems = await inLanes(CONFLICTS, async (c) => {
      const s = await pool.get(servers.full, c.who);
      const context = s.page.context();
      const [first, second] = [await context.newPage(), await context.newPage()];
      const console = watchConsole(first);
      const action = c.action(fixture);
      const other = {
        page: c.second?.page ?? c.page,
        action: c.second?.action(fixture) ?? action,
        change: c.second?.change ?? c.change,
      };
      const label = `POST ${action} (${c.state})`;
      try {
        await first.goto(c.page(fixture));
        await second.goto(other.page(fixture));
        await other.change(formOf(second, other.action), 'second');
        const secondStatus = await send(second, formOf(second, other.action), other.action);
        await c.change(formOf(first, action), 'first');
        const firstStatus = await send(first, formOf(first, action), action);
        if (secondStatus !== 303) return [`${label}: the first save answered ${secondStatus}, expected 303`];
        if (firstStatus !== 409) return [`${label}: the conflicting save answered ${firstStatus}, expected 409`];
        const found = await checkPage({ page: first, console }, label);
        if ((await first.locator('#error-summary, #conflict').count()) === 0)
          found.push(`${label}: the page does not say what clashed (#error-summary or #conflict)`);
        return found;
      } finally {
        await first.close();
        await second.close();
      }
    });
    expect(problems, `\n${problems.join('\n\n')}\n`).to.deep.equal([]);
  });
});

async function expectText(page: Page, text: string): Promise<void> {
  expect(await page.locator('main').innerText()).to.contain(text);
}
