import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { HOSTILE, displayed, fit } from '../helpers/hostile.ts';
import { launchBrowser, logIn, newContext, postForm, watchConsole } from './support/browser.ts';
import { startApp, type RunningApp } from './support/server.ts';

// Issue 4's promise, checked where it matters: in a real browser, hostile text saved through the
// forms runs no script on any page that shows it, and reads literally.

describe('hostile text in a real browser', function () {
  this.timeout(180_000);
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let dialogs: string[];

  before(async () => {
    [app, browser] = await Promise.all([startApp('demo'), launchBrowser()]);
    page = await (await newContext(browser, app)).newPage();
    dialogs = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await logIn(page, 'director');
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('when every hostile string is saved as a matter, a finding, an action and a comment, then no script runs and the text shows literally', async () => {
    const [committee] = app.query<{ id: number }>('SELECT id FROM committees ORDER BY id LIMIT 1');
    const [owner] = app.query<{ id: number }>("SELECT id FROM users WHERE role = 'manager' ORDER BY id LIMIT 1");
    const console = watchConsole(page);
    const visited: string[] = [];
    for (const h of HOSTILE) {
      const title = fit(h.value, 200);
      const matter = await postForm(page, '/arenden', {
        kind: 'ivo_supervision',
        committeeId: String(committee.id),
        title,
        unit: '',
        ivoReference: '',
        ownReference: '',
        decidedOn: '',
        respondBy: '',
        followUpOn: '',
        fineStatus: 'none',
        fineAmount: '',
        finalOn: '',
        legalBasis: '',
        description: fit(h.value, 10000),
      });
      expect(matter.status, h.name).to.equal(303);
      const matterUrl = matter.location!;
      const matterId = matterUrl.split('/').pop()!;
      expect(
        (
          await postForm(page, `/arenden/${matterId}/brister`, {
            title: fit(h.value, 500),
            description: '',
            responseRequired: 'ja',
          })
        ).status,
        h.name,
      ).to.equal(303);
      const [finding] = app.query<{ id: number }>(
        'SELECT id FROM findings WHERE matter_id = ? ORDER BY id DESC LIMIT 1',
        Number(matterId),
      );
      const action = await postForm(page, '/atgarder', {
        arende: matterId,
        title: fit(h.value, 300),
        description: '',
        ownerId: String(owner.id),
        dueOn: '2030-01-15',
        findingIds: [String(finding.id)],
      });
      expect(action.status, h.name).to.equal(303);
      expect(
        (
          await postForm(page, `${action.location}/statusuppdateringar`, {
            status: 'in_progress',
            comment: fit(h.value, 4000),
            version: '1',
          })
        ).status,
        h.name,
      ).to.equal(303);

      for (const url of [matterUrl, action.location!]) {
        await page.goto(url);
        visited.push(url);
        const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
        const expected = displayed(fit(h.value, 200)).replace(/\s+/g, ' ').slice(0, 60).trim();
        expect(text, `${h.name} on ${url}`).to.contain(expected);
      }
    }
    for (const url of ['/', '/arenden?status=alla', '/atgarder', '/logg']) {
      await page.goto(url);
      visited.push(url);
    }
    expect(dialogs, 'alerts that ran').to.deep.equal([]);
    const injected = await page.evaluate(
      () =>
        document.querySelectorAll(
          'main script, main iframe, main img[src="x"], main [onerror], main [onmouseover], main [onload]',
        ).length,
    );
    expect(injected, 'elements injected into the last page').to.equal(0);
    expect(
      console.take().filter((e) => !e.includes('favicon')),
      `console errors on ${visited.length} pages`,
    ).to.deep.equal([]);
  });
});
