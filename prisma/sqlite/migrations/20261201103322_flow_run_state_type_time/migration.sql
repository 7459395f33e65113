-- DropIndex
DROP INDEX "ix_flow_run__state_type";

-- CreateIndex
CREATE INDEX "ix_flow_run__state_type_expected_start_time_desc" ON "flow_run"("state_type", "expected_start_time" DESC, "id" DESC);
