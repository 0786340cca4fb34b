-- CreateTable
CREATE TABLE "tac_records" (
    "tac" TEXT NOT NULL PRIMARY KEY,
    "brand" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "gsma_blacklist" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "identity" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "listedAt" DATETIME NOT NULL,
    "removedAt" DATETIME
);

-- CreateTable
CREATE TABLE "legality_records" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "identity" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "organisation" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "network_registrations" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "identity" TEXT NOT NULL,
    "imsi" TEXT NOT NULL,
    "msisdn" TEXT NOT NULL,
    "operator" TEXT NOT NULL,
    "seenAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "applications" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reference" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "filedAt" DATETIME NOT NULL,
    "decidedAt" DATETIME
);

-- CreateTable
CREATE TABLE "application_devices" (
    "applicationId" INTEGER NOT NULL,
    "identity" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,

    PRIMARY KEY ("applicationId", "slot"),
    CONSTRAINT "application_devices_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "applications" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "feed_imports" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "changed" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME NOT NULL
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
CREATE INDEX "applications_status_filedAt_idx" ON "applications"("status", "filedAt");

-- CreateIndex
CREATE INDEX "application_devices_identity_idx" ON "application_devices"("identity");
