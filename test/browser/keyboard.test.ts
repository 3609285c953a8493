import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { Role } from '../../src/users/roles.ts';
import { addDays } from '../../src/deadlines/calendar.ts';
import { todayOf } from '../../src/clock.ts';
import { browserClock } from './support/server.ts';
import { PASSWORD, PERSON, appInBrowser } from './support/browser.ts';

// Without a mouse: everything reachable with Tab, focus always visible, a skip link first, and
// focus on the error summary when a form is rejected. Each person's job is done with keys only.

interface Focused {
  tag: string;
  name: string;
  id: string;
  visibleFocus: boolean;
  inView: boolean;
}

/** What has focus now: its tag, its name as a person would read it, and whether the focus shows. */
async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', name: '', id: '', visibleFocus: false, inView: false };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
    const r = el.getBoundingClientRect();
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    return {
      tag: el.tagName.toLowerCase(),
      name: (label ?? el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).value ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
      id: el.id,
      visibleFocus: outline || cs.boxShadow !== 'none',
      inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element's name matches; fails with the way there. */
async function tabTo(page: Page, name: string | RegExp, { back = false, max = 250 } = {}): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    seen.push(`${f.tag} "${f.name.slice(0, 40)}"`);
    if (f.tag !== 'body') {
      expect(f.visibleFocus, `focus is not visible on ${f.tag} "${f.name}" (${page.url()})`).to.equal(true);
      expect(f.inView, `the focused ${f.tag} "${f.name}" is outside the window (${page.url()})`).to.equal(true);
    }
    if (typeof name === 'string' ? f.name.startsWith(name) : name.test(f.name)) return f;
  }
  throw new Error(
    `"${name}" was not reached with ${back ? 'Shift+Tab' : 'Tab'} on ${page.url()}; focus went: ${seen.slice(0, 60).join(' → ')}`,
  );
}

/** Presses Enter and waits for the page it leads to. */
async function enterAndWait(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
}

/** Types a date into the focused native date input as a Swedish user does: year, Tab, month and day. */
async function typeDate(page: Page, iso: string): Promise<void> {
  await page.keyboard.type(iso.slice(0, 4));
  await page.keyboard.press('Tab');
  await page.keyboard.type(iso.slice(5, 7) + iso.slice(8, 10));
  const value = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
  expect(
    value,
    'the date input takes ÅÅÅÅ-MM-DD typed in order; if not, Chromium is not running in Swedish (chromium-l10n, scripts/install-test-tools.sh)',
  ).to.equal(iso);
}

async function logInWithKeys(page: Page, role: Role): Promise<void> {
  await page.goto('/logga-in');
  const skip = await tabTo(page, 'Hoppa till innehållet', { max: 1 });
  expect(skip.inView, 'the skip link shows when it has focus').to.equal(true);
  await page.keyboard.press('Enter');
  expect((await focused(page)).id).to.equal('main');
  await tabTo(page, 'E-postadress');
  await page.keyboard.type(PERSON[role].email);
  await tabTo(page, 'Lösenord');
  await page.keyboard.type(PASSWORD);
  await enterAndWait(page);
}

describe('Keyboard only, in a real browser', function () {
  this.timeout(120_000);

  const suite = appInBrowser('demo');
  const open = () => suite.open();

  it('when a page is walked with Tab, then every link, button and field gets a visible focus, the skip link first', async () => {
    const page = await open();
    await logInWithKeys(page, 'director');
    const matter = suite.app.query<{ id: number }>("SELECT id FROM matters WHERE fine_status = 'ordered'")[0].id;
    for (const path of ['/', `/arenden/${matter}`, '/arenden/ny', '/tillganglighet']) {
      await page.goto(path);
      const expected = await page.evaluate(() => {
        const all = Array.from(
          document.querySelectorAll<HTMLElement>(
            'a[href], button, input:not([type=hidden]), select, textarea, summary',
          ),
        );
        const reachable = all.filter(
          (el) => !(el as HTMLButtonElement).disabled && el.checkVisibility({ visibilityProperty: true }),
        );
        // Only one radio button of a group is a Tab stop; arrow keys move within the group.
        const groups = new Set<string>();
        const stops = reachable.filter((el) => {
          if (el instanceof HTMLInputElement && el.type === 'radio') {
            if (groups.has(el.name)) return false;
            groups.add(el.name);
          }
          return true;
        });
        stops.forEach((el, i) => el.setAttribute('data-stop', String(i)));
        return stops.length;
      });
      const reached = new Set<string>();
      let first: string | null = null;
      // A date input is several stops (year, month, day, calendar button), so allow for more presses than stops.
      for (let i = 0; i < expected * 2 + 20; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          const group =
            el instanceof HTMLInputElement && el.type === 'radio'
              ? document.querySelector(`input[type=radio][name="${el.name}"][data-stop]`)
              : el;
          return { stop: group?.getAttribute('data-stop') ?? null, skip: el?.classList.contains('skip-link') ?? false };
        });
        if (i === 0) expect(f.skip, `${path}: the first Tab stop is the skip link`).to.equal(true);
        if (f.stop === null) continue;
        if (f.stop === first) break;
        first ??= f.stop;
        reached.add(f.stop);
        const now = await focused(page);
        expect(now.visibleFocus, `${path}: focus is not visible on ${now.tag} "${now.name}"`).to.equal(true);
      }
      const missed = await page.evaluate(
        (got) =>
          Array.from(document.querySelectorAll<HTMLElement>('[data-stop]'))
            .filter((el) => !got.includes(el.getAttribute('data-stop')!))
            .map(
              (el) =>
                `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('name') || '').trim().slice(0, 40)}"`,
            ),
        [...reached],
      );
      expect(missed, `${path}: not reachable with Tab`).to.deep.equal([]);
    }
  });

  it('when the chef uses only the keyboard, then she logs in, finds Mina åtgärder, is led to the error when she forgets the comment, and saves the status', async () => {
    const page = await open();
    await logInWithKeys(page, 'manager');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Översikt');

    await tabTo(page, 'Mina åtgärder');
    await enterAndWait(page);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Mina åtgärder');

    const link = await tabTo(page, /^Uppdatera status för /);
    const title = link.name.replace('Uppdatera status för ', '');
    await enterAndWait(page);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal(title);

    // Sent without a comment and without a new status: rejected, and focus lands on the summary.
    await tabTo(page, 'Spara statusuppdatering');
    await enterAndWait(page);
    let now = await focused(page);
    expect(now.id).to.equal('error-summary');
    expect(now.visibleFocus, 'the focused error summary shows its focus').to.equal(true);
    const error = await tabTo(page, 'Skriv en kommentar', { max: 1 });
    expect(error.tag).to.equal('a');
    await page.keyboard.press('Enter');
    now = await focused(page);
    expect(now.id).to.equal('f-comment');
    await page.keyboard.type('Klart enligt plan, rutinen gäller från i dag.');

    await tabTo(page, /^Ny status/, { back: true });
    const before = await page.getByLabel('Ny status').inputValue();
    await page.keyboard.press('ArrowDown');
    const after = await page.getByLabel('Ny status').inputValue();
    expect(after, 'the arrow keys change the status').to.not.equal(before);
    const chosen = (await page.getByLabel('Ny status').locator('option:checked').innerText()).trim();

    await tabTo(page, 'Spara statusuppdatering');
    await enterAndWait(page);
    expect(await page.getByRole('status').first().innerText()).to.contain('Statusuppdateringen är sparad');
    expect(await page.locator('dl.facts dd').first().innerText()).to.contain(chosen);
    expect(await page.getByRole('region', { name: 'Historik' }).getByRole('listitem').first().innerText()).to.contain(
      'Klart enligt plan',
    );

    await tabTo(page, 'Logga ut');
    await enterAndWait(page);
    expect(new URL(page.url()).pathname).to.equal('/logga-in');
  });

  it('when the förvaltningschef registers a matter with the keyboard, then a rejected form focuses the summary and each error leads to its field', async () => {
    const page = await open();
    await logInWithKeys(page, 'director');
    await tabTo(page, 'Ärenden');
    await enterAndWait(page);
    await tabTo(page, 'Nytt ärende');
    await enterAndWait(page);

    await tabTo(page, 'Registrera ärende');
    await enterAndWait(page);
    expect((await focused(page)).id).to.equal('error-summary');
    await tabTo(page, 'Välj nämnd', { max: 1 });
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).to.equal('f-committeeId');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, /^Rubrik/);
    await page.keyboard.type('Tillsyn av boendestöd');
    await tabTo(page, /^Svarsdatum/);
    const respondBy = addDays(todayOf(browserClock), 40);
    await typeDate(page, respondBy);
    await tabTo(page, 'Registrera ärende');
    await enterAndWait(page);
    expect(await page.getByRole('status').first().innerText()).to.contain('Ärendet är registrerat');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Tillsyn av boendestöd');
  });

  it('when the nämndsekreterare uses only the keyboard, then she reaches a meeting and issues its återrapportering', async () => {
    const page = await open();
    await logInWithKeys(page, 'secretary');
    await tabTo(page, 'Sammanträden');
    await enterAndWait(page);
    await tabTo(page, 'Nytt sammanträde');
    await enterAndWait(page);
    await tabTo(page, /^Nämnd/);
    await page.keyboard.press('ArrowDown');
    await tabTo(page, /^Datum/);
    const heldOn = addDays(todayOf(browserClock), 14);
    await typeDate(page, heldOn);
    await tabTo(page, 'Spara');
    await enterAndWait(page);
    expect(await page.getByRole('status').first().innerText()).to.contain('Sammanträdet har lagts till');

    await tabTo(page, 'Förhandsgranska utkast');
    await enterAndWait(page);
    expect(await page.locator('main').innerText()).to.contain('UTKAST');
    await tabTo(page, 'Tillbaka till sammanträdet');
    await enterAndWait(page);
    await tabTo(page, 'Utfärda återrapporteringen');
    await enterAndWait(page);
    expect(await page.getByRole('status').first().innerText()).to.contain('Återrapporteringen är utfärdad');
    await tabTo(page, /^Ladda ned/);
  });
});
