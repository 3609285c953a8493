import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '../../../src/users/roles.ts';
import { DESKTOP, logIn, newContext, watchConsole } from './browser.ts';
import type { RunningApp } from './server.ts';

export interface PooledPage {
  page: Page;
  console: { take(): string[] };
}

/**
 * One logged-in browser context per server and role, made on first use and reused after. A
 * context can hold several pages ("lanes") sharing the login, so independent pages can be
 * checked side by side.
 */
export class SessionPool {
  private readonly contexts = new Map<string, Promise<BrowserContext>>();
  private readonly pages = new Map<string, Promise<PooledPage>>();

  constructor(private readonly browser: Browser) {}

  private context(app: RunningApp, role: Role | null): Promise<BrowserContext> {
    const key = `${app.baseUrl} ${role ?? 'anonymous'}`;
    let c = this.contexts.get(key);
    if (!c) {
      c = (async () => {
        const context = await newContext(this.browser, app, DESKTOP);
        if (role) {
          const page = await context.newPage();
          await logIn(page, role);
          await page.close();
        }
        return context;
      })();
      this.contexts.set(key, c);
    }
    return c;
  }

  get(app: RunningApp, role: Role | null, lane = 0): Promise<PooledPage> {
    const key = `${app.baseUrl} ${role ?? 'anonymous'} ${lane}`;
    let p = this.pages.get(key);
    if (!p) {
      p = (async () => {
        const page = await (await this.context(app, role)).newPage();
        await page.goto('/tillganglighet');
        return { page, console: watchConsole(page) };
      })();
      this.pages.set(key, p);
    }
    return p;
  }

  async close(): Promise<void> {
    await Promise.all([...this.contexts.values()].map(async (c) => (await c).close()));
  }
}
