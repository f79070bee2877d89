-- AlterTable
ALTER TABLE "ai_providers" ADD COLUMN     "embedding_model" TEXT;

-- AlterTable
ALTER TABLE "knowledge_chunks" ADD COLUMN     "embedding" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[],
ADD COLUMN     "embedding_model" TEXT;
