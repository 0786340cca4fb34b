/**
 * For tests (lib/data/upload-faults.test.ts): a real server process that files applications the
 * way the portal's server action does, so a test can kill it (SIGKILL) in the middle of a filing.
 * POST / takes a multipart form: `values` (the application's form values as JSON), `challengeId`,
 * `code` and the `documents`; it answers the filing's result as JSON. It prints its port on its
 * first line. Run with `node --conditions=react-server --import tsx` (the data layer is server-only),
 * with DATABASE_URL and UPLOAD_DIR set.
 */
import http from 'node:http';
import { Readable } from 'node:stream';
import { db } from './prisma';
import { submitApplication } from './applications';

const server = http.createServer(async (req, res) => {
  try {
    const form = await new Request('http://localhost/', {
      method: 'POST',
      headers: req.headers as Record<string, string>,
      body: Readable.toWeb(req) as ReadableStream,
      duplex: 'half',
    } as RequestInit).formData();
    const files = form.getAll('documents').filter((v): v is File => typeof v !== 'string');
    const values = { ...JSON.parse(String(form.get('values'))), documents: files };
    const code = { challengeId: String(form.get('challengeId')), code: String(form.get('code')) };
    const result = await submitApplication(await db(), values, files, { locale: 'kk', code });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  } catch (e) {
    res.writeHead(500).end((e as Error).message);
  }
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
