import type { Express } from 'express';
import { openDatabase } from '../../../src/db/connection.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { createApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { systemClock } from '../../../src/clock.ts';

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

function joinPath(base: string, p: string): string {
  const joined = `${base.replace(/\/$/, '')}/${p.replace(/^\//, '')}`;
  return joined === '' ? '/' : joined.replace(/\/$/, '') || '/';
}

function walk(stack: LayerLike[], base: string, out: Set<string>): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = ([] as unknown[]).concat(layer.route.path);
      for (const p of paths) {
        if (typeof p !== 'string')
          throw new Error(`A route is not a plain path (${String(p)}); teach test/browser/support/routes.ts about it.`);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') out.add(`${method.toUpperCase()} ${joinPath(base, p)}`);
        }
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      walk(layer.handle.stack, joinPath(base, mount), out);
    }
  }
}

/** Every "METHOD /path" the app answers, read from Express's router, as the app is built for real. */
export async function appRoutes(): Promise<string[]> {
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  try {
    const app: Express = createApp({
      db,
      config: loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }),
      clock: systemClock,
      sessionSecret: 'routes',
    });
    const router = (app as unknown as { router: { stack: LayerLike[] } }).router;
    const out = new Set<string>();
    walk(router.stack, '', out);
    return [...out].sort();
  } finally {
    await db.destroy();
  }
}
