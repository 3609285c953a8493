export const SEARCH_KINDS = ['matters', 'findings', 'actions', 'comments'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_KIND_LABEL: Record<SearchKind, string> = {
  matters: 'Ärenden',
  findings: 'Brister',
  actions: 'Åtgärder',
  comments: 'Kommentarer',
};

/** The kind's name in the address (/sok?typ=…), in the words of the pages. */
export const SEARCH_KIND_PARAM: Record<SearchKind, string> = {
  matters: 'arenden',
  findings: 'brister',
  actions: 'atgarder',
  comments: 'kommentarer',
};

export function kindOfParam(param: string): SearchKind | undefined {
  return SEARCH_KINDS.find((k) => SEARCH_KIND_PARAM[k] === param);
}

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

/**
 * Where FTS5's highlight() and snippet() mark a match: built from a nonce, so no stored text holds
 * them; views turn them into <mark> with html.marked.
 */
export interface Markers {
  open: string;
  close: string;
}

export function markersOf(nonce: string): Markers {
  return { open: `\uE000${nonce}\uE001`, close: `\uE002${nonce}\uE003` };
}

export function hasMatch(marked: string, m: Markers): boolean {
  return marked.includes(m.open);
}
