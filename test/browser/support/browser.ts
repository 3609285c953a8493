import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../../scripts/seed-demo.ts';
import type { Role } from '../../../src/users/roles.ts';
import { startApp, type RunningApp, type Seed } from './server.ts';

// Debian's Chromium, installed by scripts/install-test-tools.sh (npm run test:setup). Playwright's
// own browser download cannot work on these machines, so it is never used.
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}. Run \`npm run test:setup\` (scripts/install-test-tools.sh installs Debian's chromium), or set CHROMIUM_PATH.`,
    );
  }
  // In Swedish, as the users' browsers are (chromium-l10n): date inputs then read ÅÅÅÅ-MM-DD.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...ARGS, '--lang=sv-SE'],
    env: { ...process.env, LANGUAGE: 'sv' },
  });
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

export const PASSWORD = DEMO_PASSWORD;

/** The demo person acting in each role; the chef is Anna Berg (Barn och unga). */
const demo = (pick: (u: (typeof DEMO_USERS)[number]) => boolean) => {
  const u = DEMO_USERS.find(pick)!;
  return { email: u.email, name: u.name };
};
export const PERSON: Record<Role, { email: string; name: string }> = {
  admin: demo((u) => u.role === 'admin'),
  director: demo((u) => u.role === 'director'),
  secretary: demo((u) => u.role === 'secretary'),
  manager: demo((u) => u.key === 'childrenManager'),
  reader: demo((u) => u.role === 'reader'),
};

export async function newContext(
  browser: Browser,
  app: RunningApp,
  viewport = DESKTOP,
  extra: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: app.baseUrl,
    viewport,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    ...extra,
  });
}

/** Logs in through the login form, as a person would. */
/** Another demo chef: Erik Sandström (Vuxen), for a second person in the same role. */
export const SECOND_CHEF = demo((u) => u.key === 'adultsManager');

export async function logIn(page: Page, who: Role | { email: string }): Promise<void> {
  await page.goto('/logga-in');
  await page.getByLabel('E-postadress').fill(typeof who === 'string' ? PERSON[who].email : who.email);
  await page.getByLabel('Lösenord').fill(PASSWORD);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/logga-in')),
    page.getByRole('button', { name: 'Logga in' }).click(),
  ]);
}

/**
 * Collects what the browser complains about: script errors, and console errors such as CSP
 * refusals ("Refused to apply inline style…") or assets that fail to load. The status of the
 * page itself (a 404 page is meant to be a 404) is not a complaint.
 */
export function watchConsole(page: Page): { take(): string[] } {
  let errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() !== 'error') return;
    const own = m.location().url === page.url() && m.text().startsWith('Failed to load resource');
    if (!own) errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return {
    take() {
      const out = errors;
      errors = [];
      return out;
    },
  };
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
}

/** Runs axe-core in the page. Injected through the DevTools protocol, so the page's CSP stays on. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: Document,
          opts: object,
        ) => Promise<{
          violations: {
            id: string;
            impact: string | null;
            help: string;
            nodes: { target: unknown[]; html: string; failureSummary?: string }[];
          }[];
        }>;
      };
    };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(' '),
        html: n.html.slice(0, 200),
        summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300),
      })),
    }));
  }, AXE_TAGS);
}

export function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${where}: [${v.impact}] ${v.id} – ${v.help}\n${v.nodes.map((n) => `    ${n.target}\n      ${n.html}\n      ${n.summary}`).join('\n')}`,
    )
    .join('\n');
}

/** How far the page scrolls sideways at its current viewport width, and which elements stick out. */
export async function horizontalOverflow(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflow = document.documentElement.scrollWidth - width;
    const culprits: string[] = [];
    if (overflow > 0) {
      for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
        const r = el.getBoundingClientRect();
        if (r.right > width + 1 && r.width > 0) {
          // Only the outermost offender: its children stick out because it does.
          const parent = el.parentElement;
          if (parent && parent.getBoundingClientRect().right > width + 1) continue;
          culprits.push(
            `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (right edge ${Math.round(r.right)} px)`,
          );
        }
      }
    }
    return { overflow, culprits: culprits.slice(0, 10) };
  });
}

/** The page's CSRF token, for setting up state through the app's own forms. */
export async function csrfToken(page: Page): Promise<string> {
  const token = await page.locator('input[name="_csrf"]').first().getAttribute('value');
  if (!token) throw new Error(`no CSRF token on ${page.url()}`);
  return token;
}

/** Posts a form the way the browser would, with the session's cookie and CSRF token. */
export async function postForm(
  page: Page,
  url: string,
  fields: Record<string, string | string[]>,
): Promise<{ status: number; location: string | null; next: string | null }> {
  if (!page.url().startsWith('http')) await page.goto('/tillganglighet');
  const form = new URLSearchParams();
  form.append('_csrf', await csrfToken(page));
  for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) form.append(k, x);
  const res = await page.request.post(url, {
    data: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    maxRedirects: 0,
  });
  const location = res.headers()['location'] ?? null;
  // Follow the redirect as the browser would, so the flash message it leaves is used up there.
  const next = location && res.status() === 303 ? await (await page.request.get(location)).text() : null;
  return { status: res.status(), location, next };
}

export function screenshotPath(name: string): string {
  const dir = path.join(ARTIFACTS, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

/**
 * For a describe block: starts the app (as in production) and Chromium before its tests, and
 * closes every page context, the browser and the app after them.
 */
export function appInBrowser(seed: Seed = 'demo') {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  before(async () => {
    [app, browser] = await Promise.all([startApp(seed), launchBrowser()]);
  });
  after(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await app?.stop();
  });
  return {
    get app(): RunningApp {
      if (!app) throw new Error('the app is not started yet (use it inside a test or hook)');
      return app;
    },
    /** A new page in its own context (its own cookies), at the given viewport. */
    async open(viewport = DESKTOP, extra: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
      const context = await newContext(browser!, this.app, viewport, extra);
      contexts.push(context);
      return context.newPage();
    },
  };
}
