/**
 * ProblemDetails of 3GPP TS 29.500 (5.2.7) / TS 29.571 (`application/problem+json`): what the EIR
 * server answers for every status but 200. `cause` is the stable, machine-readable part.
 */

export type InvalidParam = { param: string; reason: string };

export type ProblemDetails = {
  title: string;
  status: number;
  detail: string;
  cause?: string;
  invalidParams?: InvalidParam[];
};

export type Problem = { status: number; body: ProblemDetails; headers?: Record<string, string> };

export function problem(
  status: number,
  title: string,
  detail: string,
  cause?: string,
  invalidParams?: InvalidParam[],
  headers?: Record<string, string>,
): Problem {
  const body: ProblemDetails = { title, status, detail };
  if (cause) body.cause = cause;
  if (invalidParams?.length) body.invalidParams = invalidParams;
  return { status, body, headers };
}

/** RFC 6750: a bearer-token challenge (`error` only when a token was presented). */
function challenge(error?: 'invalid_token' | 'insufficient_scope'): Record<string, string> {
  if (!error) return { 'www-authenticate': 'Bearer realm="n5g-eir"' };
  const scope = error === 'insufficient_scope' ? ', scope="eir"' : '';
  return { 'www-authenticate': `Bearer realm="n5g-eir", error="${error}"${scope}` };
}

export const PROBLEMS = {
  missingToken: () =>
    problem(
      401,
      'Unauthorized',
      'A bearer token is required (Authorization: Bearer kzimei_…).',
      undefined,
      undefined,
      challenge(),
    ),
  invalidToken: () =>
    problem(
      401,
      'Unauthorized',
      'The bearer token is unknown or revoked.',
      undefined,
      undefined,
      challenge('invalid_token'),
    ),
  noScope: () =>
    problem(
      403,
      'Forbidden',
      'This client may not use the equipment identity check (scope "eir").',
      undefined,
      undefined,
      challenge('insufficient_scope'),
    ),
  noOperator: () =>
    problem(
      403,
      'Forbidden',
      'This client speaks for no operator, so it cannot report a registration (supi).',
    ),
  notFound: () =>
    problem(
      404,
      'Not Found',
      'No such resource. The equipment identity check is GET /n5g-eir-eic/v1/equipment-status.',
      'RESOURCE_URI_STRUCTURE_NOT_FOUND',
    ),
  methodNotAllowed: (allow: string) =>
    problem(405, 'Method Not Allowed', `Only ${allow} is allowed here.`, undefined, undefined, {
      allow,
    }),
  systemFailure: () =>
    problem(
      500,
      'Internal Server Error',
      'The check could not be completed. Try again later.',
      'SYSTEM_FAILURE',
    ),
};
