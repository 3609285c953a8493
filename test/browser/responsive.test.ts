import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Role } from '../../src/users/roles.ts';
import { ARTIFACTS, DESKTOP, PHONE, horizontalOverflow, launchBrowser, screenshotPath } from './support/browser.ts';
import { startApp, type RunningApp } from './support/server.ts';
import { SessionPool } from './support/session-pool.ts';
import { prepareFixture, type Fixture } from './pages.ts';

// The main pages at a phone's width and a desktop's, kept as screenshots in
// test-artifacts/screenshots/. At 375 px nothing may scroll sideways: tables either reflow into
// one block per row or scroll inside their own box.

const MAIN_PAGES: { name: string; who: Role | null; path: (f: Fixture) => string }[] = [
  { name: 'logga-in', who: null, path: () => '/logga-in' },
  { name: 'oversikt', who: 'director', path: () => '/' },
  { name: 'arenden', who: 'director', path: () => '/arenden' },
  { name: 'arende', who: 'director', path: (f) => `/arenden/${f.matter}` },
  { name: 'nytt-arende', who: 'director', path: () => '/arenden/ny' },
  { name: 'atgarder', who: 'director', path: () => '/atgarder' },
  { name: 'mina-atgarder', who: 'manager', path: () => '/atgarder/mina' },
  { name: 'atgard', who: 'manager', path: (f) => `/atgarder/${f.managerAction}` },
  { name: 'sammantraden', who: 'secretary', path: () => '/sammantraden' },
  { name: 'sammantrade', who: 'secretary', path: (f) => `/sammantraden/${f.issuedMeeting}` },
  { name: 'aterrapportering-utkast', who: 'secretary', path: (f) => `/sammantraden/${f.draftMeeting}/rapport` },
  { name: 'andringslogg', who: 'director', path: () => '/logg' },
  { name: 'anvandare', who: 'admin', path: () => '/admin/anvandare' },
  { name: 'tillganglighet', who: null, path: () => '/tillganglighet' },
];

/** Tables wider than the screen must sit in a box that scrolls, itself no wider than the screen. */
async function tablesThatStickOut(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const table of Array.from(document.querySelectorAll('table'))) {
      if (table.getBoundingClientRect().width === 0) continue;
      const box = table.closest('.table-wrap');
      const boxScrolls =
        box !== null &&
        ['auto', 'scroll'].includes(getComputedStyle(box).overflowX) &&
        box.getBoundingClientRect().right <= width + 1;
      if (table.getBoundingClientRect().right > width + 1 && !boxScrolls)
        out.push(table.querySelector('caption')?.textContent?.trim() ?? 'a table without caption');
    }
    return out;
  });
}

describe('Phone and desktop widths, in a real browser', function () {
  this.timeout(120_000);

  let app: RunningApp;
  let browser: Browser;
  let pool: SessionPool;
  let fixture: Fixture;

  before(async () => {
    [app, browser] = await Promise.all([startApp('demo'), launchBrowser()]);
    pool = new SessionPool(browser);
    fixture = await prepareFixture(app, async (role) => (await pool.get(app, role)).page, '');
  });

  after(async () => {
    await pool?.close();
    await browser?.close();
    await app?.stop();
  });

  /** The demo's action whose title holds a long Swedish compound word. */
  const longWordPage = () => {
    const [action] = app.query<{ id: number }>(
      "SELECT id FROM actions WHERE title LIKE '%kommunikationsskyldigheten%' ORDER BY id LIMIT 1",
    );
    return { name: 'atgard-langt-ord', who: 'director' as const, path: () => `/atgarder/${action.id}` };
  };

  for (const [width, viewport] of [
    [375, PHONE],
    [1280, DESKTOP],
  ] as const) {
    it(`when the main pages (and an action titled with a long compound word) are shown ${width} px wide, then nothing scrolls sideways and a screenshot of each is kept`, async () => {
      const problems: string[] = [];
      for (const p of [...MAIN_PAGES, longWordPage()]) {
        const { page } = await pool.get(app, p.who);
        await page.setViewportSize(viewport);
        const res = await page.goto(p.path(fixture));
        expect(res?.status(), p.name).to.equal(200);
        const { overflow, culprits } = await horizontalOverflow(page);
        if (overflow > 0) problems.push(`${p.name}: scrolls ${overflow} px sideways (${culprits.join(', ')})`);
        const tables = await tablesThatStickOut(page);
        if (tables.length)
          problems.push(`${p.name}: tables wider than the screen outside a scrolling box: ${tables.join('; ')}`);
        await page.screenshot({ path: screenshotPath(`${p.name}-${width}`), fullPage: true });
        await page.setViewportSize(DESKTOP);
      }
      expect(problems, problems.join('\n')).to.deep.equal([]);
    });
  }

  it('when the report preview is printed, then the print stylesheet leaves out the menus and forms and keeps the draft marking', async () => {
    const { page } = await pool.get(app, 'secretary');
    await page.goto(`/sammantraden/${fixture.draftMeeting}/rapport`);
    await page.emulateMedia({ media: 'print' });
    try {
      const visible = async (selector: string) => page.locator(selector).first().isVisible();
      expect(await visible('.site-header')).to.equal(false);
      expect(await visible('.site-footer')).to.equal(false);
      expect(await visible('.report h1')).to.equal(true);
      expect(await visible('.notice')).to.equal(true);
      expect(await page.getByRole('link', { name: 'Tillbaka till sammanträdet' }).isVisible()).to.equal(false);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const pdf = await page.pdf({
        path: path.join(ARTIFACTS, 'aterrapportering-utskrift.pdf'),
        format: 'A4',
        printBackground: true,
      });
      expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
      await page.screenshot({ path: screenshotPath('aterrapportering-utskrift'), fullPage: true });
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });
});
