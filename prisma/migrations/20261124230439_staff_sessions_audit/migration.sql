-- CreateTable
CREATE TABLE "staff_users" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "passwordChangedAt" DATETIME NOT NULL,
    "disabledAt" DATETIME
);

-- CreateTable
CREATE TABLE "staff_sessions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "ip" TEXT NOT NULL,
    CONSTRAINT "staff_sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "staff_users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "sign_in_failures" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "actorId" INTEGER,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" TEXT,
    "ip" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "version" INTEGER NOT NULL DEFAULT 0,
    "assignedToId" INTEGER,
    CONSTRAINT "applications_assignedToId_fkey" FOREIGN KEY ("assignedToId") REFERENCES "staff_users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_applications" ("arrivalExplanation", "arrivalMethod", "customsDeclaration", "decidedAt", "decisionNote", "decisionReason", "email", "entryDate", "filedAt", "fullName", "id", "idempotencyKey", "iin", "locale", "phone", "purchaseCountry", "reference", "status", "trackingNumber", "version") SELECT "arrivalExplanation", "arrivalMethod", "customsDeclaration", "decidedAt", "decisionNote", "decisionReason", "email", "entryDate", "filedAt", "fullName", "id", "idempotencyKey", "iin", "locale", "phone", "purchaseCountry", "reference", "status", "trackingNumber", "version" FROM "applications";
DROP TABLE "applications";
ALTER TABLE "new_applications" RENAME TO "applications";
CREATE UNIQUE INDEX "applications_reference_key" ON "applications"("reference");
CREATE UNIQUE INDEX "applications_idempotencyKey_key" ON "applications"("idempotencyKey");
CREATE INDEX "applications_status_filedAt_idx" ON "applications"("status", "filedAt");
CREATE INDEX "applications_iin_idx" ON "applications"("iin");
CREATE TABLE "new_feed_imports" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "changed" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME NOT NULL,
    "importedBy" TEXT NOT NULL DEFAULT 'cli'
);
INSERT INTO "new_feed_imports" ("changed", "fileName", "finishedAt", "id", "kind", "rows", "startedAt") SELECT "changed", "fileName", "finishedAt", "id", "kind", "rows", "startedAt" FROM "feed_imports";
DROP TABLE "feed_imports";
ALTER TABLE "new_feed_imports" RENAME TO "feed_imports";
CREATE INDEX "feed_imports_startedAt_idx" ON "feed_imports"("startedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
