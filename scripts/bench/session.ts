// Logging in over HTTP the way a browser does (GET the form for its CSRF token, POST it),
// shared by the benchmark and the ceiling server's capture step.

const COOKIE = 'atgardsplan.sid';

export interface BenchSession {
  base: string;
  cookie: string;
  csrf: string;
}

function sessionCookie(res: Response, fallback: string | null): string | null {
  for (const c of res.headers.getSetCookie()) {
    if (c.startsWith(`${COOKIE}=`)) return c.split(';')[0];
  }
  return fallback;
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in page');
  return m[1];
}

export async function login(base: string, email: string, password: string): Promise<BenchSession> {
  const form = await fetch(`${base}/logga-in`);
  let cookie = sessionCookie(form, null);
  const body = new URLSearchParams({ email, password, _csrf: csrfFrom(await form.text()) });
  const res = await fetch(`${base}/logga-in`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { cookie: cookie ?? '', 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (res.status !== 303) throw new Error(`login as ${email} failed: HTTP ${res.status}`);
  cookie = sessionCookie(res, cookie);
  if (!cookie) throw new Error('login gave no session cookie');
  // The session is regenerated at login; its CSRF token is made on the next page view.
  const start = await fetch(`${base}/`, { headers: { cookie } });
  if (start.status !== 200) throw new Error(`start page after login: HTTP ${start.status}`);
  return { base, cookie: sessionCookie(start, cookie)!, csrf: csrfFrom(await start.text()) };
}

export async function getPage(s: BenchSession, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${s.base}${path}`, { headers: { cookie: s.cookie }, redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}
