/** GET /api/openapi.json: the OpenAPI 3.1 document of the machine interfaces (generated from lib/api/schemas.ts). */
import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-dynamic';

let cached: string | undefined;

export function GET() {
  cached ??= JSON.stringify(openApiDocument());
  return new Response(cached, { headers: { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300' } });
}
