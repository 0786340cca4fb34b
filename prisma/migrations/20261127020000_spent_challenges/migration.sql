-- Proof-of-work challenges already solved, so that a solution is accepted once: the row lives
-- until the challenge expires (lib/data/challenges.ts deletes expired rows).

-- CreateTable
CREATE TABLE "spent_challenges" (
    "id" VARCHAR(128) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "spent_challenges_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "spent_challenges_expiresAt_idx" ON "spent_challenges"("expiresAt");
