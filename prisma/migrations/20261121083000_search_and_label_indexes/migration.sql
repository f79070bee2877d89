-- Indexes the Prisma schema cannot express. `prisma migrate dev` leaves them alone:
-- it does not manage expression indexes nor partial indexes.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Search (lib/search/search.ts) narrows to texts containing the query's fragments with
-- `lower(text) LIKE lower('%fragment%')`; trigrams of the lowercased text serve it.
CREATE INDEX "messages_content_trgm_idx" ON "messages" USING gin (lower("content") gin_trgm_ops);
CREATE INDEX "contacts_name_email_trgm_idx" ON "contacts" USING gin (lower(coalesce("name", '') || ' ' || coalesce("email", '')) gin_trgm_ops);

-- Inbox list (lib/conversations/queries.ts): each status's page, newest first, read from
-- the index alone, so filters on labels (and priority, waiting time) are checked on index
-- entries without visiting the table. Merged conversations never show in the list.
CREATE INDEX "conversations_inbox_page_idx" ON "conversations" ("account_id", "status", "last_message_at" DESC, "id" DESC)
  INCLUDE ("labels", "priority", "waiting_since") WHERE "merged_into_id" IS NULL;
