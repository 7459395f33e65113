-- DropIndex
DROP INDEX "ix_flow_run__state_type_expected_start_time_desc";

-- CreateIndex
CREATE INDEX "ix_flow_run__state_type_expected_start_time_desc_flow_id" ON "flow_run"("state_type", "expected_start_time" DESC, "id" DESC, "flow_id");
