/** Writes a registrations feed for the e2e grey devices, first seen 3 days ago (run by e2e-server.sh). */
import fs from 'node:fs';
import { E2E_DEVICE_COUNT, e2eImei } from './e2e-devices';

const seen = new Date(Date.now() - 3 * 86_400_000).toISOString();
const lines = ['imei,imsi,msisdn,operator,seen_at'];
for (let n = 0; n < E2E_DEVICE_COUNT; n++)
  lines.push(
    `${e2eImei(n)},4010${String(20_000_000_000 + n)},7705${String(1_000_000 + n)},Beeline,${seen}`,
  );
fs.mkdirSync('data', { recursive: true });
fs.writeFileSync(process.argv[2] ?? 'data/e2e-registrations.csv', lines.join('\n') + '\n');
