-- AlterEnum
ALTER TYPE "AiProviderKind" ADD VALUE 'offline';

-- AlterTable
ALTER TABLE "ai_interactions" ADD COLUMN     "answer" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "attempts" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "escalation_reason" TEXT,
ADD COLUMN     "question" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "tool_calls" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "ai_settings" ADD COLUMN     "fallback_message" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "knowledge_documents" ADD COLUMN     "stored_file_id" TEXT;

-- CreateTable
CREATE TABLE "widget_sessions" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "visitor_id" TEXT NOT NULL,
    "contact_id" TEXT,
    "conversation_id" TEXT,
    "external_user_id" TEXT,
    "identified" BOOLEAN NOT NULL DEFAULT false,
    "ip" TEXT,
    "user_agent" TEXT,
    "page_url" TEXT,
    "page_title" TEXT,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_activity_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMP(3),

    CONSTRAINT "widget_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_events" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rate_limit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "widget_sessions_account_id_last_seen_at_idx" ON "widget_sessions"("account_id", "last_seen_at" DESC);

-- CreateIndex
CREATE INDEX "widget_sessions_channel_id_visitor_id_last_activity_at_idx" ON "widget_sessions"("channel_id", "visitor_id", "last_activity_at" DESC);

-- CreateIndex
CREATE INDEX "widget_sessions_channel_id_ip_started_at_idx" ON "widget_sessions"("channel_id", "ip", "started_at");

-- CreateIndex
CREATE INDEX "rate_limit_events_key_created_at_idx" ON "rate_limit_events"("key", "created_at");

-- AddForeignKey
ALTER TABLE "knowledge_documents" ADD CONSTRAINT "knowledge_documents_stored_file_id_fkey" FOREIGN KEY ("stored_file_id") REFERENCES "stored_files"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "widget_sessions" ADD CONSTRAINT "widget_sessions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "widget_sessions" ADD CONSTRAINT "widget_sessions_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "widget_sessions" ADD CONSTRAINT "widget_sessions_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "widget_sessions" ADD CONSTRAINT "widget_sessions_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE SET NULL ON UPDATE CASCADE;
