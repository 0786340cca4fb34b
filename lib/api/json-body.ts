/** Reads a JSON array body with a size cap: 413 past it, 400 when it is not a JSON array (problem+json). */
import { problem } from './problem';

export async function readJsonArray(
  request: Request,
  maxItems: number,
  maxBytes: number,
): Promise<{ ok: true; items: unknown[] } | { ok: false; response: Response }> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes)
    return {
      ok: false,
      response: problem(413, 'BODY_TOO_LARGE', `The body is larger than ${maxBytes} bytes.`),
    };
  if (!request.body) return { ok: false, response: problem(400, 'INVALID_BODY') };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return {
        ok: false,
        response: problem(413, 'BODY_TOO_LARGE', `The body is larger than ${maxBytes} bytes.`),
      };
    }
    chunks.push(value);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
  } catch {
    return { ok: false, response: problem(400, 'INVALID_BODY') };
  }
  if (!Array.isArray(parsed)) return { ok: false, response: problem(400, 'INVALID_BODY') };
  if (parsed.length === 0)
    return { ok: false, response: problem(400, 'INVALID_BODY', 'The array is empty.') };
  if (parsed.length > maxItems)
    return {
      ok: false,
      response: problem(413, 'TOO_MANY_ITEMS', `At most ${maxItems} items in one request.`),
    };
  return { ok: true, items: parsed };
}
