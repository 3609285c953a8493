// The API's keyset pages: an opaque cursor that names the list it belongs to and the last id given.

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

export function encodeCursor(list: string, lastId: number): string {
  return Buffer.from(JSON.stringify({ l: list, a: lastId })).toString('base64url');
}

/** The id to go on after, or null when the cursor is not one this list gave. */
export function decodeCursor(list: string, cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { l?: unknown; a?: unknown };
    return c.l === list && Number.isSafeInteger(c.a) && (c.a as number) >= 0 ? (c.a as number) : null;
  } catch {
    return null;
  }
}

/** `limit` as given ('' for the default), or null when it is no whole number from 1 to MAX_PAGE_SIZE. */
export function parseLimit(value: string): number | null {
  if (value === '') return DEFAULT_PAGE_SIZE;
  if (!/^\d{1,4}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= MAX_PAGE_SIZE ? n : null;
}
