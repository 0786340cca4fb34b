/**
 * The OpenAPI 3.1 document of every machine interface, generated from the zod schemas of
 * lib/api/schemas.ts (zod-openapi). Served at /api/openapi.json.
 */
import { z } from 'zod';
import { createDocument, type ZodOpenApiResponsesObject } from 'zod-openapi';
import {
  batchAccepted,
  eirQuery,
  equipmentStatus,
  itemErrors,
  legalityItem,
  listCursorHeader,
  problem,
  problemDetails29500,
  registrationItem,
  verdict,
} from '../schemas/machine-api';

const problemJson = { 'application/problem+json': { schema: problem } };
/** The database cannot be reached right now: nothing was done, try again after Retry-After seconds. */
const unavailable: ZodOpenApiResponsesObject = {
  '503': {
    description:
      'Temporarily unavailable (code DATABASE_UNAVAILABLE): nothing was done; try again after the Retry-After header’s seconds',
    content: problemJson,
  },
};
const authProblems: ZodOpenApiResponsesObject = {
  '401': { description: 'No bearer token, or an unknown or revoked one', content: problemJson },
  '403': {
    description:
      'The client has no right to this interface (scope), or is not the right kind of client',
    content: problemJson,
  },
  ...unavailable,
};
const batchResponses: ZodOpenApiResponsesObject = {
  '200': {
    description: 'All items written (or already there)',
    content: { 'application/json': { schema: batchAccepted } },
  },
  '400': {
    description:
      'The body is not a non-empty JSON array, or the path is not valid percent-encoded UTF-8 (`MALFORMED_REQUEST`)',
    content: problemJson,
  },
  ...authProblems,
  '413': {
    description:
      'More than 10,000 items, or a body over 4 MiB (`BODY_TOO_LARGE`; a declared Content-Length over 4 MiB is refused before the body is read)',
    content: problemJson,
  },
  '422': {
    description: 'Some items are invalid: nothing was written',
    content: { 'application/problem+json': { schema: itemErrors } },
  },
};

/** What every list says of its values: exact, for machines; people import them as text. */
const EXACT_VALUES = `Values are exact, for machines: nothing is changed to protect spreadsheets, so a value may start with \`=\`, \`+\`, \`-\` or \`@\` (a brand or model of the TAC list is what the TAC feed supplied). To open a list in a spreadsheet, import it with every column as text (Excel: Data → From Text/CSV, column type Text; LibreOffice Calc: Text Import, column type Text), never by opening the file directly: a spreadsheet would run such a value as a formula, and read IMEIs, IMSIs and numbers as numbers, losing digits.`;

const LIST_RULES = `Streamed CSV (UTF-8, one header line). Full: every device on the list. With \`since\`: the changes after that cursor, in the order they committed, each with \`change\` = added | removed | changed and the reasons after the change; a device that changes several times appears once per change. Time-made changes (grey → black at the deadline) are dated by the instant they took effect.

A device on no list is decided by the same rules: an IMEI whose 15th digit is not its Luhn check digit, or whose TAC (first 8 digits) is not in the TAC list, is BLACKLISTED; any other device is GREYLISTED, its 30 days starting at its first registration attempt.

${EXACT_VALUES}`;

function listPath(name: string, columns: string, deltaColumns: string, summary: string) {
  return {
    get: {
      summary,
      description: `${LIST_RULES}\n\nColumns: \`${columns}\`; with \`since\`: \`${deltaColumns}\`.`,
      tags: ['lists'],
      security: [{ bearer: [] }],
      requestParams: {
        query: z.object({
          since: z
            .string()
            .optional()
            .meta({ description: 'The X-List-Cursor of an earlier answer' }),
        }),
      },
      responses: {
        '200': {
          description: 'The list, or its changes',
          headers: z.object({ 'X-List-Cursor': listCursorHeader }),
          content: { 'text/csv': { schema: z.string() } },
        },
        '400': { description: 'A cursor this interface never gave out', content: problemJson },
        ...authProblems,
      },
    },
  };
}

export function openApiDocument(options: { eirServer?: string } = {}) {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Device (IMEI) verification portal of Kazakhstan: machine interfaces',
      version: '1.0.0',
      description:
        'The public check, the 3GPP equipment identity check (N5g-eir) for operators’ networks, registrations and legality records in batches, and the lists. Every interface but the public check needs `Authorization: Bearer kzimei_…` of an API client with the right scope (eir, registrations, legality, lists).',
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API client’s token (npm run api-client:create, or the admin page)',
        },
      },
    },
    paths: {
      '/api/v1/imei/{imei}': {
        get: {
          summary: 'The verdict for one IMEI (public)',
          description:
            'Open to anyone, limited per client address (RATE_LIMIT_API_PER_MINUTE, default 60 a minute). An API client may send its bearer token (any scope) to be limited per client instead (RATE_LIMIT_API_CLIENT_PER_MINUTE, default 1,200 a minute). Past the limit: 429 with `Retry-After` in seconds.',
          tags: ['public'],
          security: [{}, { bearer: [] }],
          requestParams: {
            path: z.object({ imei: z.string().meta({ example: '352099001761481' }) }),
          },
          responses: {
            '200': {
              description: 'The verdict',
              content: { 'application/json': { schema: verdict } },
            },
            '400': {
              description:
                'Not an IMEI (`IMEI_REQUIRED`, `IMEI_NOT_DIGITS`, `IMEI_WRONG_LENGTH`), or a path that is not valid percent-encoded UTF-8 (`MALFORMED_REQUEST`: `%zz`, a cut or overlong sequence). The path segment is decoded once; spaces, dashes and dots (any Unicode space) are ignored; only ASCII digits count.',
              content: problemJson,
            },
            ...unavailable,
            '401': {
              description: 'A bearer token was sent, but it is unknown or revoked',
              content: problemJson,
            },
            '429': {
              description:
                'Too many requests from this client address or API client (code TOO_MANY_REQUESTS; `retryAfter` in the body is the same number of seconds as the header)',
              headers: z.object({
                'Retry-After': z
                  .string()
                  .meta({ description: 'Seconds to wait before the next request', example: '42' }),
              }),
              content: problemJson,
            },
          },
        },
      },
      '/n5g-eir-eic/v1/equipment-status': {
        servers: [
          {
            url: options.eirServer ?? 'http://localhost:3040',
            description:
              'The EIR server (npm run eir; EIR_PORT). HTTP/2 without TLS (prior knowledge) and HTTP/1.1.',
          },
        ],
        get: {
          summary: 'Equipment identity check (3GPP TS 29.511 N5g-eir)',
          description:
            'Scope `eir`. With a `supi`, a registration attempt on the client’s operator’s network: the first one for a device starts its 30-day grey window; later ones never move it.',
          tags: ['operators'],
          security: [{ bearer: [] }],
          requestParams: { query: eirQuery },
          responses: {
            '200': {
              description: 'The device’s status',
              content: { 'application/json': { schema: equipmentStatus } },
            },
            '400': {
              description:
                'pei missing (cause MANDATORY_IE_MISSING) or malformed (MANDATORY_IE_INCORRECT, with invalidParams)',
              content: { 'application/problem+json': { schema: problemDetails29500 } },
            },
            '401': {
              description: 'No bearer token, or an unknown or revoked one',
              content: { 'application/problem+json': { schema: problemDetails29500 } },
            },
            '403': {
              description: 'The client has no `eir` scope',
              content: { 'application/problem+json': { schema: problemDetails29500 } },
            },
          },
        },
      },
      '/api/v1/registrations': {
        post: {
          summary: 'Registrations in batches (an operator’s own EIR answered first)',
          description:
            'Scope `registrations`, an operator’s client. Up to 10,000 items, all or nothing, idempotent: one row per (device, IMSI, MSISDN, operator), the earliest seenAt kept as the first registration.',
          tags: ['operators'],
          security: [{ bearer: [] }],
          requestBody: {
            content: { 'application/json': { schema: z.array(registrationItem).max(10_000) } },
          },
          responses: batchResponses,
        },
      },
      '/api/v1/legality-records': {
        post: {
          summary: 'Legality records from a manufacturer, importer or service centre',
          description:
            'Scope `legality`, a supplier’s client: records are written in the client’s own name only. Same rules as the CSV feed; all or nothing; the devices are white at once.',
          tags: ['suppliers'],
          security: [{ bearer: [] }],
          requestBody: {
            content: { 'application/json': { schema: z.array(legalityItem).max(10_000) } },
          },
          responses: batchResponses,
        },
      },
      '/api/v1/lists/black': listPath(
        'black',
        'imei,reasons',
        'change,imei,reasons,changed_at',
        'The black list',
      ),
      '/api/v1/lists/grey': listPath(
        'grey',
        'imei,reasons,deadline',
        'change,imei,reasons,deadline,changed_at',
        'The grey list, with deadlines',
      ),
      '/api/v1/lists/white': listPath(
        'white',
        'imei,reasons',
        'change,imei,reasons,changed_at',
        'The white list',
      ),
      '/api/v1/lists/notification': listPath(
        'notification',
        'imei,imsi,msisdn,deadline,first_seen_at',
        'change,imei,imsi,msisdn,reasons,deadline,changed_at',
        'The client operator’s notification list: grey devices seen on its network',
      ),
      '/api/v1/lists/tac': {
        get: {
          summary: 'The TAC list (a device whose TAC is not in it is BLACKLISTED)',
          description: `Streamed CSV (UTF-8, one header line): \`tac,brand,model\`.\n\n${EXACT_VALUES}`,
          tags: ['lists'],
          security: [{ bearer: [] }],
          responses: {
            '200': {
              description: 'tac,brand,model',
              content: { 'text/csv': { schema: z.string() } },
            },
            ...authProblems,
          },
        },
      },
    },
  });
}
