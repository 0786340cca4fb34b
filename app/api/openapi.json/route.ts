/** GET /api/openapi.json: the OpenAPI 3.1 document of the machine interfaces (generated from lib/api/schemas.ts). */
import { openApiDocument } from '@/lib/api/openapi';
import { config } from '@/lib/config';

export const dynamic = 'force-dynamic';

let cached: string | undefined;

export function GET() {
  // The EIR server's address as this deployment publishes it (EIR_PUBLIC_URL), else its port on this host.
  cached ??= JSON.stringify(
    openApiDocument({
      eirServer: process.env.EIR_PUBLIC_URL || `http://localhost:${config().eirPort}`,
    }),
  );
  return new Response(cached, {
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300' },
  });
}
