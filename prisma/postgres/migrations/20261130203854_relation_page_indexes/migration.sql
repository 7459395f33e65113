-- DropIndex
DROP INDEX "ix_flow_run__flow_id";

-- DropIndex
DROP INDEX "ix_task_run__flow_run_id";

-- CreateIndex
CREATE INDEX "ix_flow_run__flow_id" ON "flow_run"("flow_id", "id" DESC);

-- CreateIndex
CREATE INDEX "ix_flow_run__flow_id_effective_start_time_desc" ON "flow_run"("flow_id", "effective_start_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ix_flow_run__flow_id_expected_start_time_desc" ON "flow_run"("flow_id", "expected_start_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ix_flow_run__flow_id_name" ON "flow_run"("flow_id", "name", "id" DESC);

-- CreateIndex
CREATE INDEX "ix_task_run__flow_run_id" ON "task_run"("flow_run_id", "id" DESC);

-- CreateIndex
CREATE INDEX "ix_task_run__flow_run_id_expected_start_time_desc" ON "task_run"("flow_run_id", "expected_start_time" DESC, "id" DESC);
