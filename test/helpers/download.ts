import type { Response } from 'superagent';
import type { Session } from './app.ts';

/** A superagent parser that keeps the body as bytes (a PDF, a Word file). */
export function asBytes(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** GETs a file as the logged-in user: its status, content type and bytes. */
export async function download(session: Session, url: string): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await session.agent.get(url).buffer(true).parse(asBytes);
  return { status: res.status, type: String(res.headers['content-type']), body: res.body as Buffer };
}
