import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { linkBase } from '../config.ts';
import { currentUser } from '../users/auth.middleware.ts';
import { calendarOf, hasCalendarFeed, renewCalendarFeed } from './calendar.service.ts';

/** The calendar feed itself: reached by its secret address alone, without a session (a calendar app has none). */
export function calendarFeedRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();
  r.get('/kalender/:token.ics', async (req, res) => {
    const token = String(req.params.token);
    const ics = /^[A-Za-z0-9_-]{32}$/.test(token) ? await calendarOf(db, clock, token, linkBase(config, req)) : null;
    if (ics === null) {
      res
        .status(404)
        .type('text/plain')
        .send('Kalendern finns inte. Adressen kan ha förnyats; hämta den nya under Min kalender.');
      return;
    }
    res.set('Content-Type', 'text/calendar; charset=utf-8');
    res.set('Cache-Control', 'private, no-cache');
    res.set('Referrer-Policy', 'no-referrer');
    res.send(ics);
  });
  return r;
}

/** Min kalender: the logged-in user makes or renews their secret calendar address. */
export function calendarAccountRoutes({ db, clock, config }: AppDeps): Router {
  const r = Router();
  r.get('/konto/kalender', async (req, res) => {
    res.render('account/calendar', { hasFeed: await hasCalendarFeed(db, currentUser(req)), address: null });
  });
  r.post('/konto/kalender', async (req, res) => {
    const token = await renewCalendarFeed(db, clock, currentUser(req));
    // Shown once, now: only its SHA-256 is kept.
    res.render('account/calendar', {
      hasFeed: true,
      address: `${linkBase(config, req)}/kalender/${token}.ics`,
    });
  });
  return r;
}
