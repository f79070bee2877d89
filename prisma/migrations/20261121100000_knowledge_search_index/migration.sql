-- Full-text search indexes for knowledge retrieval (lib/knowledge/retrieve.ts), which the
-- Prisma schema cannot express: `prisma migrate dev` leaves expression indexes alone.
-- Retrieval finds the chunks holding each of the question's words through them instead of
-- reading every chunk of the account; its query repeats these expressions exactly.
--
-- Each `english` lexeme is indexed as "<account id>:<lexeme>", so a lookup (a prefix
-- lookup too) reads one account's entries however many other accounts share the table.
-- The tsvector's text form, its quotes dropped (lexemes hold neither quotes nor spaces), is
-- split at the spaces with the account put in front of each lexeme.

-- A chunk's heading and text.
CREATE INDEX "knowledge_chunks_search_idx" ON "knowledge_chunks" USING gin (
  (array_to_tsvector(string_to_array("account_id" || ':' || replace(translate(strip(to_tsvector('english', coalesce("heading", '') || ' ' || "content"))::text, '''', ''), ' ', ' ' || "account_id" || ':'), ' ')))
);

-- A document's title (a title match counts for each of its chunks).
CREATE INDEX "knowledge_documents_title_search_idx" ON "knowledge_documents" USING gin (
  (array_to_tsvector(string_to_array("account_id" || ':' || replace(translate(strip(to_tsvector('english', "title"))::text, '''', ''), ' ', ' ' || "account_id" || ':'), ' ')))
);
