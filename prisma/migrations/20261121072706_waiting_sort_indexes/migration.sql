-- DropIndex
DROP INDEX "conversations_account_id_status_waiting_since_idx";

-- CreateIndex
CREATE INDEX "conversations_account_id_status_waiting_since_id_idx" ON "conversations"("account_id", "status", "waiting_since", "id");

-- CreateIndex
CREATE INDEX "conversations_account_id_assignee_id_status_waiting_since_i_idx" ON "conversations"("account_id", "assignee_id", "status", "waiting_since", "id");

-- CreateIndex
CREATE INDEX "conversations_account_id_team_id_status_waiting_since_id_idx" ON "conversations"("account_id", "team_id", "status", "waiting_since", "id");
