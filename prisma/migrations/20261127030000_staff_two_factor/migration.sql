-- Two-factor sign-in for staff (issue 10, item 4): a TOTP secret confirmed by a code, the last
-- time step accepted (a code is good once), one-time recovery codes kept as SHA-256 hashes, and
-- the short-lived "password verified" state between the two steps (only a hash of its token).

-- AlterTable
ALTER TABLE "staff_users" ADD COLUMN "totpSecret" TEXT;
ALTER TABLE "staff_users" ADD COLUMN "totpConfirmedAt" TIMESTAMPTZ(3);
ALTER TABLE "staff_users" ADD COLUMN "totpLastStep" INTEGER;

-- CreateTable
CREATE TABLE "staff_recovery_codes" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "staff_recovery_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_pending_sign_ins" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "enrolSecret" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "ip" TEXT NOT NULL,

    CONSTRAINT "staff_pending_sign_ins_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "staff_recovery_codes_userId_codeHash_key" ON "staff_recovery_codes"("userId", "codeHash");

-- CreateIndex
CREATE INDEX "staff_pending_sign_ins_userId_idx" ON "staff_pending_sign_ins"("userId");

-- AddForeignKey
ALTER TABLE "staff_recovery_codes" ADD CONSTRAINT "staff_recovery_codes_userId_fkey" FOREIGN KEY ("userId") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_pending_sign_ins" ADD CONSTRAINT "staff_pending_sign_ins_userId_fkey" FOREIGN KEY ("userId") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Checks (Prisma's schema language has none): a secret is there exactly when it was confirmed,
-- secrets are Base32 of at least 16 bytes, hashes are SHA-256 in hex, and only an enrolment
-- holds a proposed secret.
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_totp_check" CHECK (("totpSecret" IS NULL) = ("totpConfirmedAt" IS NULL) AND ("totpSecret" IS NULL OR "totpSecret" ~ '^[A-Z2-7]{26,128}$') AND ("totpLastStep" IS NULL OR "totpLastStep" >= 0));
ALTER TABLE "staff_recovery_codes" ADD CONSTRAINT "staff_recovery_codes_hash_check" CHECK ("codeHash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "staff_pending_sign_ins" ADD CONSTRAINT "staff_pending_sign_ins_stage_check" CHECK ("stage" IN ('ENROL', 'CODE', 'RECOVERY_CODES'));
ALTER TABLE "staff_pending_sign_ins" ADD CONSTRAINT "staff_pending_sign_ins_secret_check" CHECK (("stage" = 'ENROL') = ("enrolSecret" IS NOT NULL) AND ("enrolSecret" IS NULL OR "enrolSecret" ~ '^[A-Z2-7]{26,128}$'));
ALTER TABLE "staff_pending_sign_ins" ADD CONSTRAINT "staff_pending_sign_ins_expiry_check" CHECK ("expiresAt" > "createdAt");

-- Sessions opened with a password alone end now: everyone signs in again with the second factor.
DELETE FROM "staff_sessions";
