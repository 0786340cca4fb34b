/**
 * Loads the demo data (lib/demo-devices.ts) with dates relative to `now`. Re-running it replaces
 * the demo devices' rows, so their deadlines stay live; other data is left alone.
 */
import { markDirty, prismaSql } from './device-lists';
import 'server-only';
import { retryTransaction, type Db } from './prisma';
import { DEMO_APPLICANT, DEMO_DEVICES, DEMO_TACS, daysAgo } from '../demo-devices';

export async function seedDemo(prisma: Db, now = new Date()): Promise<number> {
  const identities = DEMO_DEVICES.map((d) => d.identity);
  await retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      for (const t of DEMO_TACS) {
        await tx.tacRecord.upsert({
          where: { tac: t.tac },
          create: { ...t, updatedAt: now },
          update: { brand: t.brand, model: t.model, updatedAt: now },
        });
      }
      await tx.blacklistEntry.deleteMany({ where: { identity: { in: identities } } });
      await tx.legalityRecord.deleteMany({ where: { identity: { in: identities } } });
      await tx.networkRegistration.deleteMany({ where: { identity: { in: identities } } });
      const demoRefs = DEMO_DEVICES.flatMap((d) => (d.proof ? [d.proof.reference] : []));
      await tx.application.deleteMany({ where: { reference: { in: demoRefs } } });
      await tx.applicationDevice.updateMany({
        where: { openIdentity: { in: identities } },
        data: { openIdentity: null },
      });

      let n = 0;
      for (const d of DEMO_DEVICES) {
        n++;
        if (d.legal) {
          await tx.legalityRecord.create({
            data: { identity: d.identity, ...d.legal, recordedAt: daysAgo(now, 60) },
          });
        }
        if (d.firstSeenDaysAgo !== undefined) {
          await tx.networkRegistration.create({
            data: {
              identity: d.identity,
              imsi: `4010${String(17_000_000_000 + n).padStart(11, '0')}`,
              msisdn: `7701${String(5550000 + n).padStart(7, '0')}`,
              operator: n % 2 ? 'Beeline' : 'Kcell',
              firstSeenAt: daysAgo(now, d.firstSeenDaysAgo),
              lastSeenAt: daysAgo(now, Math.min(d.firstSeenDaysAgo, 1)),
            },
          });
        }
        if (d.blacklist) {
          await tx.blacklistEntry.create({
            data: {
              identity: d.identity,
              reason: d.blacklist.reason,
              listedAt: daysAgo(now, d.blacklist.listedDaysAgo),
              removedAt: null,
            },
          });
        }
        if (d.proof) {
          const filedAt = daysAgo(now, d.proof.filedDaysAgo);
          const decidedAt =
            d.proof.decidedDaysAgo === undefined ? null : daysAgo(now, d.proof.decidedDaysAgo);
          const open = d.proof.status !== 'APPROVED' && d.proof.status !== 'REJECTED';
          await tx.application.create({
            data: {
              reference: d.proof.reference,
              status: d.proof.status,
              locale: 'kk',
              ...DEMO_APPLICANT,
              arrivalMethod: 'PERSONAL',
              entryDate: daysAgo(now, d.proof.filedDaysAgo + 3),
              purchaseCountry: 'AE',
              filedAt,
              decidedAt,
              devices: {
                create: [
                  {
                    identity: d.identity,
                    slot: 1,
                    imei: d.imei,
                    openIdentity: open ? d.identity : null,
                  },
                ],
              },
              events: {
                create: [
                  { at: filedAt, type: 'SUBMITTED', actor: 'owner' },
                  ...(d.proof.status === 'IN_REVIEW'
                    ? [
                        {
                          at: daysAgo(now, d.proof.filedDaysAgo - 1),
                          type: 'IN_REVIEW',
                          actor: 'demo',
                        },
                      ]
                    : []),
                  ...(decidedAt ? [{ at: decidedAt, type: d.proof.status, actor: 'demo' }] : []),
                ],
              },
            },
          });
        }
      }
      await markDirty(prismaSql(tx), identities);
    }),
  );
  return DEMO_DEVICES.length;
}
