-- Operators and suppliers: API clients, bounded network registrations, and each device's list
-- with the log of its changes (lib/data/device-lists.ts).

-- Registrations become one row per (device, IMSI, MSISDN, operator) with the first and last time
-- seen. Existing rows are folded: the earliest seenAt is kept as firstSeenAt, the latest becomes lastSeenAt.
ALTER TABLE "network_registrations" RENAME COLUMN "seenAt" TO "firstSeenAt";
ALTER TABLE "network_registrations" ADD COLUMN "lastSeenAt" TIMESTAMPTZ(3);
UPDATE "network_registrations" r SET "lastSeenAt" = m.last
  FROM (SELECT "identity", "imsi", "msisdn", "operator", max("firstSeenAt") AS last
          FROM "network_registrations" GROUP BY 1, 2, 3, 4) m
 WHERE r."identity" = m."identity" AND r."imsi" = m."imsi" AND r."msisdn" = m."msisdn" AND r."operator" = m."operator";
DELETE FROM "network_registrations" r USING "network_registrations" o
 WHERE r."identity" = o."identity" AND r."imsi" = o."imsi" AND r."msisdn" = o."msisdn" AND r."operator" = o."operator"
   AND (o."firstSeenAt", o."id") < (r."firstSeenAt", r."id");
ALTER TABLE "network_registrations" ALTER COLUMN "lastSeenAt" SET NOT NULL;
DROP INDEX "network_registrations_identity_seenAt_imsi_operator_key";
CREATE UNIQUE INDEX "network_registrations_identity_imsi_msisdn_operator_key" ON "network_registrations"("identity", "imsi", "msisdn", "operator");
CREATE INDEX "network_registrations_operator_identity_idx" ON "network_registrations"("operator", "identity");

-- CreateTable
CREATE TABLE "api_clients" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "scopes" TEXT[],
    "operator" TEXT,
    "supplierSource" TEXT,
    "organisation" TEXT,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "api_clients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_lists" (
    "identity" TEXT NOT NULL,
    "list" TEXT NOT NULL,
    "reasons" TEXT[],
    "deadline" TIMESTAMPTZ(3),
    "nextChangeAt" TIMESTAMPTZ(3),
    "seenWith" TEXT[],
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "device_lists_pkey" PRIMARY KEY ("identity")
);

-- CreateTable
CREATE TABLE "list_changes" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "identity" TEXT NOT NULL,
    "oldList" TEXT,
    "newList" TEXT NOT NULL,
    "reasons" TEXT[],
    "deadline" TIMESTAMPTZ(3),
    "operator" TEXT,

    CONSTRAINT "list_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "list_dirty" (
    "id" BIGSERIAL NOT NULL,
    "identity" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "list_dirty_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_clients_name_key" ON "api_clients"("name");
CREATE UNIQUE INDEX "api_clients_tokenHash_key" ON "api_clients"("tokenHash");
CREATE INDEX "device_lists_list_identity_idx" ON "device_lists"("list", "identity");
CREATE INDEX "device_lists_nextChangeAt_idx" ON "device_lists"("nextChangeAt");
CREATE INDEX "list_changes_identity_idx" ON "list_changes"("identity");

-- Closed sets and formats (lib/data/schema-checks.test.ts keeps them equal to lib/domain)
ALTER TABLE "network_registrations" ADD CONSTRAINT "network_registrations_imsi_check" CHECK ("imsi" ~ '^[0-9]{5,15}$');
ALTER TABLE "network_registrations" ADD CONSTRAINT "network_registrations_msisdn_check" CHECK ("msisdn" ~ '^[0-9]{0,15}$');
ALTER TABLE "network_registrations" ADD CONSTRAINT "network_registrations_seen_check" CHECK ("lastSeenAt" >= "firstSeenAt");
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_scopes_check" CHECK ("scopes" <@ ARRAY['eir', 'registrations', 'legality', 'lists']::text[] AND cardinality("scopes") > 0);
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_supplier_source_check" CHECK ("supplierSource" IS NULL OR "supplierSource" IN ('manufacturer', 'importer', 'service_centre'));
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_supplier_check" CHECK (("supplierSource" IS NULL) = ("organisation" IS NULL));
ALTER TABLE "device_lists" ADD CONSTRAINT "device_lists_identity_check" CHECK ("identity" ~ '^[0-9]{14}$');
ALTER TABLE "device_lists" ADD CONSTRAINT "device_lists_list_check" CHECK ("list" IN ('WHITE', 'GREY', 'BLACK'));
ALTER TABLE "list_changes" ADD CONSTRAINT "list_changes_old_list_check" CHECK ("oldList" IS NULL OR "oldList" IN ('WHITE', 'GREY', 'BLACK'));
ALTER TABLE "list_changes" ADD CONSTRAINT "list_changes_new_list_check" CHECK ("newList" IN ('WHITE', 'GREY', 'BLACK'));

-- Every device already known is marked, so an upgraded database gets its lists at the first refresh.
INSERT INTO "list_dirty" ("identity")
  SELECT "identity" FROM "gsma_blacklist" UNION SELECT "identity" FROM "legality_records"
  UNION SELECT "identity" FROM "network_registrations" UNION SELECT "identity" FROM "application_devices";
