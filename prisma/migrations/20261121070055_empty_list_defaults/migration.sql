-- AlterTable
ALTER TABLE "agent_profiles" ALTER COLUMN "channels" SET DEFAULT ARRAY[]::"ChannelType"[],
ALTER COLUMN "topics" SET DEFAULT ARRAY[]::TEXT[],
ALTER COLUMN "languages" SET DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "canned_responses" ALTER COLUMN "keywords" SET DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "conversations" ALTER COLUMN "labels" SET DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "email_messages" ALTER COLUMN "to_addresses" SET DEFAULT ARRAY[]::TEXT[];

-- Rows written before the defaults existed.
UPDATE "agent_profiles" SET "channels" = DEFAULT WHERE "channels" IS NULL;
UPDATE "agent_profiles" SET "topics" = DEFAULT WHERE "topics" IS NULL;
UPDATE "agent_profiles" SET "languages" = DEFAULT WHERE "languages" IS NULL;
UPDATE "canned_responses" SET "keywords" = DEFAULT WHERE "keywords" IS NULL;
UPDATE "conversations" SET "labels" = DEFAULT WHERE "labels" IS NULL;
UPDATE "email_messages" SET "to_addresses" = DEFAULT WHERE "to_addresses" IS NULL;
