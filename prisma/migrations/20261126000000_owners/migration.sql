-- Owners prove they hold the phone, and are told: one-time codes, owner sessions, the outbox of
-- messages, watched devices and the counters of the rate limits (lib/data/otp.ts, lib/notify/).

-- Applications: whether possession was proven, the date to respond by, and two closing statuses:
-- SUPERSEDED (gave way to an application whose owner proved possession) and NOT_NEEDED (the
-- device became white by other facts while the application was open).
ALTER TABLE "applications" ADD COLUMN "possessionProven" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "applications" ADD COLUMN "respondBy" TIMESTAMPTZ(3);
CREATE INDEX "applications_phone_idx" ON "applications"("phone");

-- CreateTable
CREATE TABLE "otp_challenges" (
    "id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "msisdn" TEXT NOT NULL,
    "possession" BOOLEAN NOT NULL,
    "identities" TEXT[],
    "seenWith" TEXT[],
    "codeHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "tries" INTEGER NOT NULL DEFAULT 0,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "otp_challenges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "owner_sessions" (
    "id" TEXT NOT NULL,
    "msisdn" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "lastReference" TEXT,

    CONSTRAINT "owner_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" SERIAL NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT,
    "body" TEXT NOT NULL,
    "applicationId" INTEGER,
    "dedupeKey" TEXT,
    "state" TEXT NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "watches" (
    "id" SERIAL NOT NULL,
    "identity" TEXT NOT NULL,
    "imei" TEXT NOT NULL,
    "msisdn" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "lastList" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "unsubscribeToken" TEXT NOT NULL,
    "unsubscribedAt" TIMESTAMPTZ(3),

    CONSTRAINT "watches_pkey" PRIMARY KEY ("id")
);

-- CreateTable (the shape rate-limiter-flexible's PostgreSQL store expects, told that the table exists)
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "otp_challenges_msisdn_createdAt_idx" ON "otp_challenges"("msisdn", "createdAt");

-- CreateIndex
CREATE INDEX "owner_sessions_expiresAt_idx" ON "owner_sessions"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_dedupeKey_key" ON "outbox_messages"("dedupeKey");

-- CreateIndex
CREATE INDEX "outbox_messages_applicationId_idx" ON "outbox_messages"("applicationId");

-- CreateIndex
CREATE INDEX "outbox_messages_createdAt_idx" ON "outbox_messages"("createdAt");

-- CreateIndex
CREATE INDEX "outbox_messages_channel_createdAt_idx" ON "outbox_messages"("channel", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "watches_unsubscribeToken_key" ON "watches"("unsubscribeToken");

-- CreateIndex
CREATE UNIQUE INDEX "watches_identity_msisdn_key" ON "watches"("identity", "msisdn");

-- AddForeignKey
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "applications"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Closed sets and formats, checked by PostgreSQL itself
ALTER TABLE "applications" DROP CONSTRAINT "applications_status_check";
ALTER TABLE "applications" ADD CONSTRAINT "applications_status_check" CHECK ("status" IN ('SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'APPROVED', 'REJECTED', 'SUPERSEDED', 'NOT_NEEDED'));
ALTER TABLE "application_events" DROP CONSTRAINT "application_events_type_check";
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_type_check" CHECK ("type" IN ('SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'DOCUMENTS_ADDED', 'APPROVED', 'REJECTED', 'SUPERSEDED', 'NOT_NEEDED'));
ALTER TABLE "applications" ADD CONSTRAINT "applications_email_length_check" CHECK ("email" IS NULL OR length("email") <= 254);
ALTER TABLE "otp_challenges" ADD CONSTRAINT "otp_challenges_purpose_check" CHECK ("purpose" IN ('APPLY', 'MY_APPLICATIONS', 'WATCH'));
ALTER TABLE "otp_challenges" ADD CONSTRAINT "otp_challenges_msisdn_check" CHECK ("msisdn" ~ '^\+7[0-9]{10}$');
ALTER TABLE "otp_challenges" ADD CONSTRAINT "otp_challenges_tries_check" CHECK ("tries" >= 0);
ALTER TABLE "owner_sessions" ADD CONSTRAINT "owner_sessions_msisdn_check" CHECK ("msisdn" ~ '^\+7[0-9]{10}$');
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_channel_check" CHECK ("channel" IN ('SMS', 'EMAIL'));
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_locale_check" CHECK ("locale" IN ('kk', 'ru', 'both'));
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_kind_check" CHECK ("kind" IN ('CODE', 'FILED', 'INFO_REQUESTED', 'INFO_REMINDER', 'APPROVED', 'REJECTED', 'SUPERSEDED', 'NOT_NEEDED', 'GREY_REMINDER', 'WATCH_CHANGED'));
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_state_check" CHECK ("state" IN ('QUEUED', 'SENT', 'FAILED'));
ALTER TABLE "watches" ADD CONSTRAINT "watches_identity_check" CHECK ("identity" ~ '^[0-9]{14}$');
ALTER TABLE "watches" ADD CONSTRAINT "watches_msisdn_check" CHECK ("msisdn" ~ '^\+7[0-9]{10}$');
ALTER TABLE "watches" ADD CONSTRAINT "watches_locale_check" CHECK ("locale" IN ('kk', 'ru'));
ALTER TABLE "watches" ADD CONSTRAINT "watches_last_list_check" CHECK ("lastList" IN ('WHITE', 'GREY', 'BLACK'));
