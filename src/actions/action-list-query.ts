import { parseIsoDate } from '../shared/format.ts';
import { parseId } from '../http/params.ts';
import { NO_SEARCH, nameFilter, type NameFilter } from '../http/name-filter.ts';
import { ACTION_STATUS_FILTERS, type ActionFilter, type ActionStatusFilter } from './action.ts';
import type { FilterChoices } from './actions.service.ts';

/** The Status filter's "Alla": every status, also where the page's default is the open ones. */
export const ALL_STATUSES = 'alla' as const;

/** A query parameter, trimmed and cut to `max` characters ('' when absent), as src/http/params.ts reads them. */
export type QueryValue = (name: string, max?: number) => string;

export interface ActionListQuery {
  /** The filters as the page's form shows them again. */
  filters: {
    status: ActionStatusFilter | typeof ALL_STATUSES | undefined;
    ansvarig: number | undefined;
    ansvarig_namn: string;
    namnd: number | undefined;
    namnd_namn: string;
    arende: number | undefined;
    fore: string | undefined;
  };
  filter: ActionFilter;
  owner: NameFilter;
  committee: NameFilter;
  /** Parameters given but not understood: the page leaves them out, the API refuses them. */
  invalid: string[];
}

/**
 * The action list's filters (/atgarder, /atgarder/mina and /api/v1/atgarder) from the query:
 * status, ansvarig (or ansvarig_namn), namnd (or namnd_namn), arende, fore. `mine`: the chef's
 * own list (hers and those of the chefs she stands in for), which opens on the open ones.
 */
export function actionListQuery(
  get: QueryValue,
  choices: FilterChoices,
  mine?: { userId: number; standsInFor: readonly number[] },
): ActionListQuery {
  const invalid: string[] = [];
  const idOf = (name: string) => {
    const id = parseId(get(name));
    if (id === undefined && get(name) !== '') invalid.push(name);
    return id;
  };
  const status = get('status');
  const ansvarig = mine ? undefined : idOf('ansvarig');
  const owner = mine ? NO_SEARCH : nameFilter(choices.owners, ansvarig, get('ansvarig_namn', 100));
  const namnd = idOf('namnd');
  const committee = nameFilter(choices.committees, namnd, get('namnd_namn', 100));
  const chosen = (ACTION_STATUS_FILTERS as readonly string[]).includes(status) ? (status as ActionStatusFilter) : null;
  if (!chosen && status !== '' && status !== ALL_STATUSES) invalid.push('status');
  const fore = parseIsoDate(get('fore')) ?? undefined;
  if (!fore && get('fore') !== '') invalid.push('fore');
  const filters = {
    status:
      chosen ??
      ((status === ALL_STATUSES ? ALL_STATUSES : mine ? ('open' as const) : undefined) as
        ActionStatusFilter | typeof ALL_STATUSES | undefined),
    ansvarig,
    ansvarig_namn: owner.name,
    namnd,
    namnd_namn: committee.name,
    arende: idOf('arende'),
    fore,
  };
  const standing = mine?.standsInFor ?? [];
  const filter: ActionFilter = {
    status: filters.status === ALL_STATUSES ? undefined : filters.status,
    // Mina åtgärder of an ersättare: hers, and those of the chefs she stands in for.
    ownerId: mine && standing.length === 0 ? mine.userId : ansvarig,
    ownerIds: mine && standing.length > 0 ? [mine.userId, ...standing] : owner.ids,
    committeeId: namnd,
    committeeIds: committee.ids,
    matterId: filters.arende,
    dueBefore: filters.fore,
  };
  return { filters, filter, owner, committee, invalid };
}
