import { parseId } from '../http/params.ts';
import { nameFilter, type NameFilter } from '../http/name-filter.ts';
import { MATTER_KINDS, type MatterKind } from './matter.ts';
import type { MatterFilter } from './matters.repository.ts';

/** A query parameter, trimmed and cut to `max` characters ('' when absent), as src/http/params.ts reads them. */
export type QueryValue = (name: string, max?: number) => string;

const STATES = { oppna: 'open', avslutade: 'closed', alla: 'all' } as const;

export interface MatterListQuery {
  /** The filters as the page's form shows them again. */
  filters: {
    namnd: number | undefined;
    namnd_namn: string;
    typ: MatterKind | undefined;
    status: keyof typeof STATES;
    q: string;
  };
  filter: MatterFilter;
  committee: NameFilter;
  /** Parameters given but not understood: the page leaves them out, the API refuses them. */
  invalid: string[];
}

/** The matter list's filters (/arenden and /api/v1/arenden): namnd (or namnd_namn), typ, status, q. */
export function matterListQuery(get: QueryValue, committees: { id: number; name: string }[]): MatterListQuery {
  const invalid: string[] = [];
  const namnd = parseId(get('namnd'));
  if (namnd === undefined && get('namnd') !== '') invalid.push('namnd');
  const committee = nameFilter(committees, namnd, get('namnd_namn', 100));
  const typ = (MATTER_KINDS as readonly string[]).includes(get('typ')) ? (get('typ') as MatterKind) : undefined;
  if (!typ && get('typ') !== '') invalid.push('typ');
  const known = Object.hasOwn(STATES, get('status'));
  const status = known ? (get('status') as keyof typeof STATES) : 'oppna';
  if (!known && get('status') !== '') invalid.push('status');
  const filters = { namnd, namnd_namn: committee.name, typ, status, q: get('q', 100) };
  const filter: MatterFilter = {
    committeeId: namnd,
    committeeIds: committee.ids,
    kind: typ,
    state: STATES[status],
    q: filters.q || undefined,
  };
  return { filters, filter, committee, invalid };
}
