/**
 * Up to this many choices the Ansvarig and Nämnd filters are lists to choose from; beyond it
 * (an installation serving many förvaltningar or kommuner) a list is neither usable nor cheap
 * to send with every page, so the filter becomes a search on the name.
 */
export const CHOICES_MAX = 100;

export interface NameFilter {
  search: boolean;
  /** What the search field shows: the typed name, or the name of one chosen by id (?ansvarig=, ?namnd=). */
  name: string;
  /** The ids the typed name matches; undefined when no name is typed. */
  ids?: number[];
}

export const NO_SEARCH: NameFilter = { search: false, name: '' };

/** A filter on people or nämnder as the page shows it; only that control's parameter applies. */
export function nameFilter(
  choices: { id: number; name: string }[],
  chosen: number | undefined,
  typed: string,
): NameFilter {
  if (choices.length <= CHOICES_MAX) return NO_SEARCH;
  const needle = typed.toLocaleLowerCase('sv');
  return {
    search: true,
    name: typed || (choices.find((c) => c.id === chosen)?.name ?? ''),
    ids: needle ? choices.filter((c) => c.name.toLocaleLowerCase('sv').includes(needle)).map((c) => c.id) : undefined,
  };
}
