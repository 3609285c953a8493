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
