-- Notifications: the SMS sent in a day are counted by the instant they were handed to the gateway
-- (the daily ceiling of lib/notify/outbox.ts).

-- CreateIndex
CREATE INDEX "outbox_messages_channel_sentAt_idx" ON "outbox_messages"("channel", "sentAt");

-- CreateIndex
CREATE INDEX "outbox_messages_state_createdAt_idx" ON "outbox_messages"("state", "createdAt");
