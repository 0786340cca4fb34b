/**
 * The machine interfaces' bodies as zod schemas: the batch routes check their items' shape with
 * them, the OpenAPI document (lib/api/openapi.ts) is generated from them, and the contract test
 * checks the running server's answers against them.
 */
import './zod-setup';
import { z } from 'zod';
import 'zod-openapi';
import { REASON_CODES } from '../domain/verdict';

const instant = z.string().meta({
  description: 'ISO 8601 date or date-time; without an offset, Asia/Almaty (UTC+5)',
  example: '2026-11-20T10:00:00+05:00',
});
const imei = z.string().meta({
  description:
    '15-digit IMEI (check digit verified), 14-digit identity or 16-digit IMEISV; spaces and dashes ignored',
  example: '352099001761481',
});

export const registrationItem = z
  .object({
    imei,
    imsi: z.string().meta({ description: 'IMSI, 6 to 15 digits', example: '401011234567890' }),
    msisdn: z
      .string()
      .meta({ description: 'MSISDN, 10 to 15 digits, optionally after +', example: '77015550011' }),
    seenAt: instant,
  })
  .meta({
    id: 'RegistrationItem',
    description:
      'A device seen on the client operator’s network with a SIM (IMSI) and number (MSISDN).',
  });

export const legalityItem = z
  .object({
    imei,
    document: z.string().meta({
      description: 'The supplier’s document (customs declaration, invoice), at most 200 characters',
      example: 'GTD 10005020/201126/0012345',
    }),
    recordedAt: instant,
    source: z
      .string()
      .optional()
      .meta({ description: 'If given, must be the client’s own supplier kind' }),
    organisation: z
      .string()
      .optional()
      .meta({ description: 'If given, must be the client’s own organisation' }),
  })
  .meta({
    id: 'LegalityItem',
    description: 'A device sold or imported legally, in the name of the client’s supplier.',
  });

export const batchAccepted = z
  .object({
    ok: z.literal(true),
    received: z.number().int().meta({ description: 'Items in the request' }),
    changed: z
      .number()
      .int()
      .meta({ description: 'Rows added or changed (0 when the same batch is sent again)' }),
  })
  .meta({ id: 'BatchAccepted' });

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: 'Stable error code' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const itemErrors = problem
  .extend({
    errors: z.array(
      z.object({
        index: z.number().int().meta({ description: 'Position of the item in the array, from 0' }),
        field: z.string(),
        code: z.string().meta({ example: 'IMEI_BAD_CHECK_DIGIT' }),
        detail: z.string(),
      }),
    ),
  })
  .meta({
    id: 'ItemErrors',
    description: 'Nothing was written: every bad item with its index, field and reason.',
  });

export const verdict = z
  .object({
    imei: z.string(),
    list: z.enum(['WHITE', 'GREY', 'BLACK']),
    reasons: z.array(z.enum(REASON_CODES)),
    checks: z.object({
      authenticity: z.enum(['PASS', 'FAIL']),
      gsmaBlacklist: z.enum(['PASS', 'FAIL']),
      importLegality: z.enum(['PASS', 'PENDING', 'FAIL']),
    }),
    greyDeadline: z.string().nullable(),
    daysLeft: z.number().int().nullable(),
    device: z.object({ brand: z.string(), model: z.string() }).nullable(),
  })
  .meta({ id: 'Verdict' });

/** TS 29.511 N5g-eir EquipmentStatus. */
export const equipmentStatus = z
  .object({ status: z.enum(['WHITELISTED', 'GREYLISTED', 'BLACKLISTED']) })
  .meta({
    id: 'EirResponseData',
    description:
      'WHITE → WHITELISTED, GREY → GREYLISTED, BLACK → BLACKLISTED (S13 Equipment-Status 0, 2, 1)',
  });

/** TS 29.500 ProblemDetails. */
export const problemDetails29500 = z
  .object({
    title: z.string().optional(),
    status: z.number().int(),
    detail: z.string().optional(),
    cause: z.string().optional().meta({ example: 'MANDATORY_IE_INCORRECT' }),
    invalidParams: z
      .array(z.object({ param: z.string(), reason: z.string().optional() }))
      .optional(),
  })
  .meta({ id: 'ProblemDetails', description: '3GPP TS 29.500 ProblemDetails' });

export const eirQuery = z.object({
  pei: z.string().meta({
    description: 'imei-<15 digits> or imeisv-<16 digits>',
    example: 'imei-352099001761481',
  }),
  supi: z.string().optional().meta({
    description:
      'imsi-<5–15 digits>: the query is a registration attempt (the first starts the grey window)',
    example: 'imsi-401011234567890',
  }),
  gpsi: z
    .string()
    .optional()
    .meta({ description: 'msisdn-<5–15 digits>', example: 'msisdn-77015550011' }),
});

export const listCursorHeader = z
  .string()
  .meta({ description: 'The cursor of this answer: pass it as `since` next time' });
