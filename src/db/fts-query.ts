// What a user typed, as a query of the FTS5 search indexes (migration 013): the header search and
// the Ärenden list's Sök read the same indexes.

/** More words than this add nothing a user would notice but cost time: the rest are ignored. */
const MAX_WORDS = 8;

/** FTS5's operators: typed as words (in capitals) they are dropped, not searched for. */
const OPERATORS = new Set(['AND', 'OR', 'NOT', 'NEAR']);

/**
 * What the user typed as an FTS5 query: every word must match as the start of a word in the item.
 * FTS5's syntax characters (quotes, brackets, *, ^, :, +) and operators are dropped and each word
 * is quoted, so nothing typed is FTS5 syntax; a word of punctuation only is dropped. Inside the
 * quotes the tokenizer splits a diarienummer such as 8.5-12345/2013 into a phrase, so it is found
 * as written. Null when no word is left: there is nothing to search for.
 */
export function ftsQuery(typed: string): string | null {
  const words = typed
    .replace(/[\p{C}"()*^{}:+]/gu, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w) && !OPERATORS.has(w))
    .slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}
