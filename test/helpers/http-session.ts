import http from 'node:http';
import { csrfFrom } from './app.ts';

// A browser's session against a server in another process: each request on a new connection, so a
// server running as a cluster (WORKERS) hands consecutive requests to its workers in turn.

const COOKIE = 'atgardsplan.sid';

export interface HttpAnswer {
  status: number;
  location: string | undefined;
  body: string;
}

function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer },
  cookie: string,
): Promise<HttpAnswer & { cookie: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', agent: false, headers: { ...options.headers, ...(cookie ? { cookie } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const set = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${COOKIE}=`));
          resolve({
            status: res.statusCode!,
            location: res.headers.location,
            body: Buffer.concat(chunks).toString('utf8'),
            cookie: set ? set.split(';')[0] : cookie,
          });
        });
      },
    );
    req.on('error', reject);
    // A connection the cluster's primary handed to a worker just as it died is never answered.
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer from ${url} within 15 s`)));
    req.end(options.body);
  });
}

export class HttpSession {
  private cookie = '';

  /** `base` may be changed between requests: the same session used on another server process. */
  constructor(public base: string) {}

  async get(path: string, base = this.base): Promise<HttpAnswer> {
    const answer = await send(`${base}${path}`, {}, this.cookie);
    this.cookie = answer.cookie;
    return answer;
  }

  /** Posts the form with the CSRF token of the page `formPath` (read from `base` too). */
  async post(path: string, fields: Record<string, string>, formPath = '/', base = this.base): Promise<HttpAnswer> {
    const csrf = csrfFrom((await this.get(formPath, base)).body);
    return this.postWithToken(path, { ...fields, _csrf: csrf }, base);
  }

  async postWithToken(path: string, fields: Record<string, string>, base = this.base): Promise<HttpAnswer> {
    const body = Buffer.from(new URLSearchParams(fields).toString());
    const answer = await send(
      `${base}${path}`,
      { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      this.cookie,
    );
    this.cookie = answer.cookie;
    return answer;
  }

  /** A multipart form with one file, as a browser uploads it. */
  async upload(
    path: string,
    fields: Record<string, string>,
    file: { field: string; name: string; content: Buffer },
    base = this.base,
  ): Promise<HttpAnswer> {
    const boundary = `----atgardsplan${Date.now()}`;
    const parts = Object.entries(fields).map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    );
    const body = Buffer.concat([
      Buffer.from(parts.join('')),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      file.content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const answer = await send(
      `${base}${path}`,
      { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } },
      this.cookie,
    );
    this.cookie = answer.cookie;
    return answer;
  }

  async login(email: string, password: string): Promise<void> {
    const res = await this.post('/logga-in', { email, password }, '/logga-in');
    if (res.status !== 303) throw new Error(`login as ${email} failed: HTTP ${res.status}\n${res.body.slice(0, 500)}`);
  }
}
