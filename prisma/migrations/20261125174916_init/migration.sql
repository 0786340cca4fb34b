-- CreateTable
CREATE TABLE "tac_records" (
    "tac" TEXT NOT NULL,
    "brand" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tac_records_pkey" PRIMARY KEY ("tac")
);

-- CreateTable
CREATE TABLE "gsma_blacklist" (
    "id" SERIAL NOT NULL,
    "identity" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "listedAt" TIMESTAMPTZ(3) NOT NULL,
    "removedAt" TIMESTAMPTZ(3),

    CONSTRAINT "gsma_blacklist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "legality_records" (
    "id" SERIAL NOT NULL,
    "identity" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "organisation" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "legality_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "network_registrations" (
    "id" SERIAL NOT NULL,
    "identity" TEXT NOT NULL,
    "imsi" TEXT NOT NULL,
    "msisdn" TEXT NOT NULL,
    "operator" TEXT NOT NULL,
    "seenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "network_registrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "applications" (
    "id" SERIAL NOT NULL,
    "reference" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "status" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'kk',
    "fullName" TEXT NOT NULL DEFAULT '',
    "iin" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL DEFAULT '',
    "email" TEXT,
    "arrivalMethod" TEXT NOT NULL DEFAULT 'OTHER',
    "trackingNumber" TEXT,
    "arrivalExplanation" TEXT,
    "entryDate" TIMESTAMPTZ(3),
    "purchaseCountry" TEXT NOT NULL DEFAULT '',
    "customsDeclaration" TEXT,
    "filedAt" TIMESTAMPTZ(3) NOT NULL,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,
    "decisionNote" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "assignedToId" INTEGER,

    CONSTRAINT "applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application_devices" (
    "applicationId" INTEGER NOT NULL,
    "identity" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "imei" TEXT NOT NULL DEFAULT '',
    "openIdentity" TEXT,

    CONSTRAINT "application_devices_pkey" PRIMARY KEY ("applicationId","slot")
);

-- CreateTable
CREATE TABLE "application_documents" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "storedName" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "application_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application_events" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "reason" TEXT,
    "note" TEXT,
    "actor" TEXT NOT NULL,

    CONSTRAINT "application_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feed_imports" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "changed" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3) NOT NULL,
    "importedBy" TEXT NOT NULL DEFAULT 'cli',

    CONSTRAINT "feed_imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_users" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "passwordChangedAt" TIMESTAMPTZ(3) NOT NULL,
    "disabledAt" TIMESTAMPTZ(3),

    CONSTRAINT "staff_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_sessions" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "ip" TEXT NOT NULL,

    CONSTRAINT "staff_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_failures" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT NOT NULL,

    CONSTRAINT "sign_in_failures_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actorId" INTEGER,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" TEXT,
    "ip" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "gsma_blacklist_identity_listedAt_key" ON "gsma_blacklist"("identity", "listedAt");

-- CreateIndex
CREATE UNIQUE INDEX "legality_records_identity_source_organisation_document_key" ON "legality_records"("identity", "source", "organisation", "document");

-- CreateIndex
CREATE UNIQUE INDEX "network_registrations_identity_seenAt_imsi_operator_key" ON "network_registrations"("identity", "seenAt", "imsi", "operator");

-- CreateIndex
CREATE UNIQUE INDEX "applications_reference_key" ON "applications"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "applications_idempotencyKey_key" ON "applications"("idempotencyKey");

-- CreateIndex
CREATE INDEX "applications_status_filedAt_idx" ON "applications"("status", "filedAt");

-- CreateIndex
CREATE INDEX "applications_iin_idx" ON "applications"("iin");

-- CreateIndex
CREATE UNIQUE INDEX "application_devices_openIdentity_key" ON "application_devices"("openIdentity");

-- CreateIndex
CREATE INDEX "application_devices_identity_idx" ON "application_devices"("identity");

-- CreateIndex
CREATE UNIQUE INDEX "application_documents_storedName_key" ON "application_documents"("storedName");

-- CreateIndex
CREATE INDEX "application_documents_applicationId_idx" ON "application_documents"("applicationId");

-- CreateIndex
CREATE INDEX "application_events_applicationId_at_idx" ON "application_events"("applicationId", "at");

-- CreateIndex
CREATE INDEX "feed_imports_startedAt_idx" ON "feed_imports"("startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "staff_users_email_key" ON "staff_users"("email");

-- CreateIndex
CREATE INDEX "staff_sessions_userId_idx" ON "staff_sessions"("userId");

-- CreateIndex
CREATE INDEX "sign_in_failures_email_at_idx" ON "sign_in_failures"("email", "at");

-- CreateIndex
CREATE INDEX "sign_in_failures_ip_at_idx" ON "sign_in_failures"("ip", "at");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- AddForeignKey
ALTER TABLE "applications" ADD CONSTRAINT "applications_assignedToId_fkey" FOREIGN KEY ("assignedToId") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_devices" ADD CONSTRAINT "application_devices_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_documents" ADD CONSTRAINT "application_documents_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Closed sets and formats, checked by PostgreSQL itself (Prisma's schema language has no CHECK;
-- the values mirror lib/domain and lib/schemas, and lib/data/schema-checks.test.ts keeps them equal).
ALTER TABLE "tac_records" ADD CONSTRAINT "tac_records_tac_check" CHECK ("tac" ~ '^[0-9]{8}$');
ALTER TABLE "gsma_blacklist" ADD CONSTRAINT "gsma_blacklist_identity_check" CHECK ("identity" ~ '^[0-9]{14}$');
ALTER TABLE "gsma_blacklist" ADD CONSTRAINT "gsma_blacklist_reason_check" CHECK ("reason" IN ('stolen', 'lost', 'blocked'));
ALTER TABLE "gsma_blacklist" ADD CONSTRAINT "gsma_blacklist_removed_check" CHECK ("removedAt" IS NULL OR "removedAt" >= "listedAt");
ALTER TABLE "legality_records" ADD CONSTRAINT "legality_records_identity_check" CHECK ("identity" ~ '^[0-9]{14}$');
ALTER TABLE "legality_records" ADD CONSTRAINT "legality_records_source_check" CHECK ("source" IN ('manufacturer', 'importer', 'service_centre'));
ALTER TABLE "network_registrations" ADD CONSTRAINT "network_registrations_identity_check" CHECK ("identity" ~ '^[0-9]{14}$');
ALTER TABLE "applications" ADD CONSTRAINT "applications_status_check" CHECK ("status" IN ('SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'APPROVED', 'REJECTED'));
ALTER TABLE "applications" ADD CONSTRAINT "applications_locale_check" CHECK ("locale" IN ('kk', 'ru'));
ALTER TABLE "applications" ADD CONSTRAINT "applications_arrival_method_check" CHECK ("arrivalMethod" IN ('PERSONAL', 'POST', 'SELLER_KZ', 'GIFT', 'OTHER'));
ALTER TABLE "applications" ADD CONSTRAINT "applications_decision_reason_check" CHECK ("decisionReason" IS NULL OR "decisionReason" IN ('DOCUMENTS_UNREADABLE', 'DOCUMENTS_MISMATCH', 'NOT_LEGAL_IMPORT', 'OTHER'));
ALTER TABLE "applications" ADD CONSTRAINT "applications_version_check" CHECK ("version" >= 0);
ALTER TABLE "application_devices" ADD CONSTRAINT "application_devices_identity_check" CHECK ("identity" ~ '^[0-9]{14}$');
ALTER TABLE "application_devices" ADD CONSTRAINT "application_devices_slot_check" CHECK ("slot" IN (1, 2));
ALTER TABLE "application_devices" ADD CONSTRAINT "application_devices_open_check" CHECK ("openIdentity" IS NULL OR "openIdentity" = "identity");
ALTER TABLE "application_documents" ADD CONSTRAINT "application_documents_mime_check" CHECK ("mimeType" IN ('application/pdf', 'image/jpeg', 'image/png'));
ALTER TABLE "application_documents" ADD CONSTRAINT "application_documents_size_check" CHECK ("size" > 0);
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_type_check" CHECK ("type" IN ('SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'DOCUMENTS_ADDED', 'APPROVED', 'REJECTED'));
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_role_check" CHECK ("role" IN ('support', 'admin'));
