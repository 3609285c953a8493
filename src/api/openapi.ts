import { ACTION_STATUS_FILTERS, ACTION_STATUSES } from '../actions/action.ts';
import { FINE_STATUSES, MATTER_KINDS } from '../matters/matter.ts';
import { LIGHTS } from '../deadlines/lights.ts';
import { MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from './api-paging.ts';

// The API's contract, written by hand. The tests validate every answer of the API against the
// schemas below (test/integration/api.test.ts), so this document and the answers cannot drift apart.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: object) => ({ oneOf: [schema, { type: 'null' }] });
const date = { type: 'string', format: 'date' };
const instant = { type: 'string', format: 'date-time' };
const coded = (codes: readonly string[]) => ({
  type: 'object',
  required: ['code', 'label'],
  additionalProperties: false,
  properties: { code: { type: 'string', enum: [...codes] }, label: { type: 'string' } },
});
const named = (withId: boolean) => ({
  type: 'object',
  required: withId ? ['id', 'name'] : ['name'],
  additionalProperties: false,
  properties: withId ? { id: { type: 'integer' }, name: { type: 'string' } } : { name: { type: 'string' } },
});
const page = (item: string) => ({
  type: 'object',
  required: ['data', 'nextCursor', 'next'],
  additionalProperties: false,
  properties: {
    data: { type: 'array', items: ref(item) },
    nextCursor: {
      description: 'Give as `cursor` for the next page; null on the last page.',
      oneOf: [{ type: 'string' }, { type: 'null' }],
    },
    next: {
      description: 'The address of the next page (same filters), relative to the server; null on the last page.',
      oneOf: [{ type: 'string', format: 'uri-reference' }, { type: 'null' }],
    },
  },
});
const json = (schema: object, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string) => json(ref('Error'), description);
const errors = {
  '400': error('A parameter is not understood (`invalid_parameter`): an unknown filter value, cursor or limit.'),
  '401': {
    ...error('No token, or one that is unknown, revoked or expired, or whose user is deactivated (`unauthorized`).'),
    headers: { 'WWW-Authenticate': { schema: { type: 'string' }, description: 'Bearer' } },
  },
  '403': error('The token’s user may not read this (`forbidden`).'),
  '429': {
    ...error('Too many requests with this token (`rate_limited`).'),
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds until a request is accepted.' } },
  },
  '500': error('Unexpected error (`internal_error`); the message gives a code to quote to support.'),
};
const query = (name: string, description: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const paging = [
  query('cursor', 'The `nextCursor` of the previous page; opaque.'),
  query(`limit`, `Items per page (default ${DEFAULT_PAGE_SIZE}).`, {
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
  }),
];
const committeeFilters = [
  query('namnd', 'Only this nämnd (committee id).', { type: 'integer', minimum: 1 }),
  query('namnd_namn', 'Only nämnder whose name contains this (used beyond 100 nämnder, as on the pages).'),
];

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Åtgärdsplan API',
    version: '1.0.0',
    description:
      'Read-only access to ärenden (matters), åtgärder (actions) and sammanträden (meetings) for integrations ' +
      'such as Power BI or Stratsys. A token acts as its user and sees what the user sees on the pages. ' +
      'Lists are ordered by id and paged by an opaque cursor: follow `next` until it is null; items added ' +
      'meanwhile come last, so a walk never repeats or skips one. Every use of a token is logged.',
  },
  servers: [{ url: '/' }],
  security: [{ bearerAuth: [] }],
  paths: {
    '/api/v1/arenden': {
      get: {
        operationId: 'listMatters',
        summary: 'Ärenden (matters), filtered as on the page Ärenden',
        parameters: [
          ...committeeFilters,
          query('typ', 'Ärendetyp (matter kind).', { type: 'string', enum: [...MATTER_KINDS] }),
          query('status', 'oppna (default), avslutade or alla.', {
            type: 'string',
            enum: ['oppna', 'avslutade', 'alla'],
          }),
          query('q', 'Text in rubrik, diarienummer, verksamhet or beskrivning.'),
          ...paging,
        ],
        responses: { '200': json(page('Matter'), 'A page of matters.'), ...errors },
      },
    },
    '/api/v1/arenden/{id}': {
      get: {
        operationId: 'getMatter',
        summary: 'One ärende',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: {
          '200': json(ref('Matter'), 'The matter.'),
          '404': error('No such matter (`not_found`).'),
          ...errors,
        },
      },
    },
    '/api/v1/atgarder': {
      get: {
        operationId: 'listActions',
        summary: 'Åtgärder (actions), filtered as on the page Åtgärder',
        parameters: [
          query('status', 'A stored status, or overdue (Försenad), open (Ej avslutade), stale, or alla (default).', {
            type: 'string',
            enum: [...ACTION_STATUS_FILTERS, 'alla'],
          }),
          query('ansvarig', 'Only this owner (user id).', { type: 'integer', minimum: 1 }),
          query('ansvarig_namn', 'Only owners whose name contains this (used beyond 100 owners, as on the pages).'),
          ...committeeFilters,
          query('arende', 'Only actions addressing brister of this matter (id).', { type: 'integer', minimum: 1 }),
          query('fore', 'Only actions with a slutdatum on or before this date.', date),
          ...paging,
        ],
        responses: { '200': json(page('Action'), 'A page of actions.'), ...errors },
      },
    },
    '/api/v1/sammantraden': {
      get: {
        operationId: 'listMeetings',
        summary: 'Sammanträden (meetings), cancelled ones included',
        parameters: [...committeeFilters, ...paging],
        responses: { '200': json(page('Meeting'), 'A page of meetings.'), ...errors },
      },
    },
    '/api/v1/openapi.json': {
      get: {
        operationId: 'openApi',
        summary: 'This document',
        security: [],
        responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': {} } } },
      },
    },
  },
  components: {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description: 'A personal access token (atp_…) made by an administrator under Administration → API-nycklar.',
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        additionalProperties: false,
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            additionalProperties: false,
            properties: {
              code: {
                type: 'string',
                enum: ['unauthorized', 'forbidden', 'not_found', 'invalid_parameter', 'rate_limited', 'internal_error'],
              },
              message: { type: 'string', description: 'In Swedish, for a person.' },
            },
          },
        },
      },
      Light: coded(Object.keys(LIGHTS)),
      Matter: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'committee',
          'kind',
          'title',
          'unit',
          'ivoReference',
          'ownReference',
          'decidedOn',
          'respondBy',
          'respondBySince',
          'respondByLight',
          'owedFindingCount',
          'findingCount',
          'openActionCount',
          'fineAmount',
          'fineStatus',
          'finalOn',
          'followUpOn',
          'legalBasis',
          'description',
          'closedOn',
          'closedNote',
          'createdAt',
          'updatedAt',
        ],
        properties: {
          id: { type: 'integer' },
          committee: named(true),
          kind: coded(MATTER_KINDS),
          title: { type: 'string', description: 'Rubrik' },
          unit: { type: 'string', description: 'Verksamhet' },
          ivoReference: { type: 'string', description: 'IVO:s diarienummer' },
          ownReference: { type: 'string', description: 'Eget diarienummer' },
          decidedOn: nullable({ ...date, description: 'Beslutsdatum' }),
          respondBy: nullable({ ...date, description: 'Svarsdatum' }),
          respondBySince: nullable({ ...date, description: 'The day the current svarsdatum was set' }),
          respondByLight: nullable({
            ...ref('Light'),
            description: 'The svarsdatum’s light, while something is owed to IVO; else null',
          }),
          owedFindingCount: { type: 'integer', description: 'Brister still owed a redovisning to IVO' },
          findingCount: { type: 'integer' },
          openActionCount: { type: 'integer' },
          fineAmount: nullable({ type: 'integer', description: 'Vitesbelopp in whole kronor' }),
          fineStatus: coded(FINE_STATUSES),
          finalOn: nullable({ ...date, description: 'Laga kraft' }),
          followUpOn: nullable({ ...date, description: 'Uppföljning' }),
          legalBasis: { type: 'string' },
          description: { type: 'string' },
          closedOn: nullable({ ...date, description: 'Avslutat' }),
          closedNote: { type: 'string' },
          createdAt: instant,
          updatedAt: instant,
        },
      },
      Action: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'title',
          'owner',
          'committee',
          'matter',
          'dueOn',
          'status',
          'light',
          'lastComment',
          'lastUpdateAt',
          'staleDays',
        ],
        properties: {
          id: { type: 'integer' },
          title: { type: 'string', description: 'Åtgärd' },
          owner: named(true),
          committee: named(false),
          matter: nullable({
            type: 'object',
            required: ['id', 'title'],
            additionalProperties: false,
            properties: { id: { type: 'integer' }, title: { type: 'string' } },
          }),
          dueOn: { ...date, description: 'Slutdatum' },
          status: coded(ACTION_STATUSES),
          light: { ...ref('Light'), description: 'Derived: Försenad, Snart, I tid, Klar or Avbruten' },
          lastComment: nullable({ type: 'string', description: 'Senaste kommentar' }),
          lastUpdateAt: nullable(instant),
          staleDays: nullable({ type: 'integer', description: 'Days without a statusuppdatering, when stale' }),
        },
      },
      Meeting: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'committee',
          'heldOn',
          'title',
          'ownReference',
          'place',
          'cancelledAt',
          'cancelledReason',
          'report',
        ],
        properties: {
          id: { type: 'integer' },
          committee: named(true),
          heldOn: date,
          title: { type: 'string' },
          ownReference: { type: 'string' },
          place: { type: 'string' },
          cancelledAt: nullable(instant),
          cancelledReason: { type: 'string' },
          report: {
            type: 'object',
            required: ['state', 'issuedVersions'],
            additionalProperties: false,
            properties: { state: coded(['none', 'draft', 'issued']), issuedVersions: { type: 'integer' } },
          },
        },
      },
    },
  },
} as const;
