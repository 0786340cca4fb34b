-- CreateTable
CREATE TABLE "application_documents" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "storedName" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedAt" DATETIME NOT NULL,
    CONSTRAINT "application_documents_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "applications" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "application_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "type" TEXT NOT NULL,
    "reason" TEXT,
    "note" TEXT,
    "actor" TEXT NOT NULL,
    CONSTRAINT "application_events_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "applications" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_application_devices" (
    "applicationId" INTEGER NOT NULL,
    "identity" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "imei" TEXT NOT NULL DEFAULT '',
    "openIdentity" TEXT,

    PRIMARY KEY ("applicationId", "slot"),
    CONSTRAINT "application_devices_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "applications" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_application_devices" ("applicationId", "identity", "slot") SELECT "applicationId", "identity", "slot" FROM "application_devices";
DROP TABLE "application_devices";
ALTER TABLE "new_application_devices" RENAME TO "application_devices";
CREATE UNIQUE INDEX "application_devices_openIdentity_key" ON "application_devices"("openIdentity");
CREATE INDEX "application_devices_identity_idx" ON "application_devices"("identity");
CREATE TABLE "new_applications" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "entryDate" DATETIME,
    "purchaseCountry" TEXT NOT NULL DEFAULT '',
    "customsDeclaration" TEXT,
    "filedAt" DATETIME NOT NULL,
    "decidedAt" DATETIME,
    "decisionReason" TEXT,
    "decisionNote" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_applications" ("decidedAt", "filedAt", "id", "reference", "status") SELECT "decidedAt", "filedAt", "id", "reference", "status" FROM "applications";
DROP TABLE "applications";
ALTER TABLE "new_applications" RENAME TO "applications";
CREATE UNIQUE INDEX "applications_reference_key" ON "applications"("reference");
CREATE UNIQUE INDEX "applications_idempotencyKey_key" ON "applications"("idempotencyKey");
CREATE INDEX "applications_status_filedAt_idx" ON "applications"("status", "filedAt");
CREATE INDEX "applications_iin_idx" ON "applications"("iin");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "application_documents_storedName_key" ON "application_documents"("storedName");

-- CreateIndex
CREATE INDEX "application_documents_applicationId_idx" ON "application_documents"("applicationId");

-- CreateIndex
CREATE INDEX "application_events_applicationId_at_idx" ON "application_events"("applicationId", "at");
