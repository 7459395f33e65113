-- CreateTable
CREATE TABLE "flow_run" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "flow_id" UUID NOT NULL,
    "state_id" UUID,
    "state_type" TEXT,
    "state_name" TEXT,
    "state_timestamp" TIMESTAMPTZ(6),
    "run_count" INTEGER NOT NULL DEFAULT 0,
    "expected_start_time" TIMESTAMPTZ(6),
    "next_scheduled_start_time" TIMESTAMPTZ(6),
    "start_time" TIMESTAMPTZ(6),
    "end_time" TIMESTAMPTZ(6),
    "total_run_time" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "effective_start_time" TIMESTAMPTZ(6),
    "deployment_id" UUID,
    "deployment_version" TEXT,
    "work_queue_name" TEXT,
    "work_queue_id" UUID,
    "flow_version" TEXT,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "idempotency_key" TEXT,
    "context" JSONB NOT NULL DEFAULT '{}',
    "empirical_policy" JSONB NOT NULL DEFAULT '{}',
    "tags" JSONB NOT NULL DEFAULT '[]',
    "labels" JSONB,
    "created_by" JSONB,
    "created_by_id" TEXT,
    "created_by_type" TEXT,
    "infrastructure_pid" TEXT,
    "job_variables" JSONB,
    "infrastructure_document_id" UUID,
    "parent_task_run_id" UUID,
    "auto_scheduled" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "flow_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flow_run_tag" (
    "flow_run_id" UUID NOT NULL,
    "tag" TEXT NOT NULL,

    CONSTRAINT "pk_flow_run_tag" PRIMARY KEY ("flow_run_id","tag")
);

-- CreateTable
CREATE TABLE "flow_run_state" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "flow_run_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(6) NOT NULL,
    "name" TEXT NOT NULL,
    "message" TEXT,
    "state_details" JSONB NOT NULL DEFAULT '{}',
    "data" JSONB,
    "result_artifact_id" UUID,

    CONSTRAINT "flow_run_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_run" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "flow_run_id" UUID,
    "task_key" TEXT NOT NULL,
    "dynamic_key" TEXT NOT NULL,
    "cache_key" TEXT,
    "cache_expiration" TIMESTAMPTZ(6),
    "task_version" TEXT,
    "flow_run_run_count" INTEGER NOT NULL DEFAULT 0,
    "empirical_policy" JSONB NOT NULL DEFAULT '{}',
    "task_inputs" JSONB NOT NULL DEFAULT '{}',
    "tags" JSONB NOT NULL DEFAULT '[]',
    "labels" JSONB,
    "state_id" UUID,
    "state_type" TEXT,
    "state_name" TEXT,
    "state_timestamp" TIMESTAMPTZ(6),
    "run_count" INTEGER NOT NULL DEFAULT 0,
    "expected_start_time" TIMESTAMPTZ(6),
    "next_scheduled_start_time" TIMESTAMPTZ(6),
    "start_time" TIMESTAMPTZ(6),
    "end_time" TIMESTAMPTZ(6),
    "total_run_time" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "task_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_run_tag" (
    "task_run_id" UUID NOT NULL,
    "tag" TEXT NOT NULL,

    CONSTRAINT "pk_task_run_tag" PRIMARY KEY ("task_run_id","tag")
);

-- CreateTable
CREATE TABLE "task_run_state" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "task_run_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(6) NOT NULL,
    "name" TEXT NOT NULL,
    "message" TEXT,
    "state_details" JSONB NOT NULL DEFAULT '{}',
    "data" JSONB,
    "result_artifact_id" UUID,

    CONSTRAINT "task_run_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_flow_run__state_id" ON "flow_run"("state_id");

-- CreateIndex
CREATE INDEX "ix_flow_run__name" ON "flow_run"("name");

-- CreateIndex
CREATE INDEX "ix_flow_run__flow_id" ON "flow_run"("flow_id");

-- CreateIndex
CREATE INDEX "ix_flow_run__deployment_id" ON "flow_run"("deployment_id");

-- CreateIndex
CREATE INDEX "ix_flow_run__work_queue_name" ON "flow_run"("work_queue_name");

-- CreateIndex
CREATE INDEX "ix_flow_run__parent_task_run_id" ON "flow_run"("parent_task_run_id");

-- CreateIndex
CREATE INDEX "ix_flow_run__updated" ON "flow_run"("updated");

-- CreateIndex
CREATE INDEX "ix_flow_run__coalesce_start_time_expected_start_time" ON "flow_run"("effective_start_time");

-- CreateIndex
CREATE INDEX "ix_flow_run__expected_start_time_desc" ON "flow_run"("expected_start_time");

-- CreateIndex
CREATE INDEX "ix_flow_run__next_scheduled_start_time_asc" ON "flow_run"("next_scheduled_start_time");

-- CreateIndex
CREATE INDEX "ix_flow_run__end_time_desc" ON "flow_run"("end_time");

-- CreateIndex
CREATE INDEX "ix_flow_run__start_time" ON "flow_run"("start_time");

-- CreateIndex
CREATE INDEX "ix_flow_run__state_type" ON "flow_run"("state_type");

-- CreateIndex
CREATE INDEX "ix_flow_run__state_name" ON "flow_run"("state_name");

-- CreateIndex
CREATE INDEX "ix_flow_run__state_timestamp" ON "flow_run"("state_timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "uq_flow_run__flow_id_idempotency_key" ON "flow_run"("flow_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "ix_flow_run_tag__tag" ON "flow_run_tag"("tag");

-- CreateIndex
CREATE INDEX "ix_flow_run_state__type" ON "flow_run_state"("type");

-- CreateIndex
CREATE INDEX "ix_flow_run_state__name" ON "flow_run_state"("name");

-- CreateIndex
CREATE INDEX "ix_flow_run_state__updated" ON "flow_run_state"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_flow_run_state__flow_run_id_timestamp_desc" ON "flow_run_state"("flow_run_id", "timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "uq_task_run__state_id" ON "task_run"("state_id");

-- CreateIndex
CREATE INDEX "ix_task_run__name" ON "task_run"("name");

-- CreateIndex
CREATE INDEX "ix_task_run__flow_run_id" ON "task_run"("flow_run_id");

-- CreateIndex
CREATE INDEX "ix_task_run__updated" ON "task_run"("updated");

-- CreateIndex
CREATE INDEX "ix_task_run__expected_start_time_desc" ON "task_run"("expected_start_time");

-- CreateIndex
CREATE INDEX "ix_task_run__next_scheduled_start_time_asc" ON "task_run"("next_scheduled_start_time");

-- CreateIndex
CREATE INDEX "ix_task_run__end_time_desc" ON "task_run"("end_time");

-- CreateIndex
CREATE INDEX "ix_task_run__start_time" ON "task_run"("start_time");

-- CreateIndex
CREATE INDEX "ix_task_run__state_type_start_time" ON "task_run"("state_type", "start_time");

-- CreateIndex
CREATE INDEX "ix_task_run__state_name" ON "task_run"("state_name");

-- CreateIndex
CREATE INDEX "ix_task_run__state_timestamp" ON "task_run"("state_timestamp");

-- CreateIndex
CREATE INDEX "ix_task_run__cache_key" ON "task_run"("cache_key");

-- CreateIndex
CREATE UNIQUE INDEX "uq_task_run__flow_run_id_task_key_dynamic_key" ON "task_run"("flow_run_id", "task_key", "dynamic_key");

-- CreateIndex
CREATE INDEX "ix_task_run_tag__tag" ON "task_run_tag"("tag");

-- CreateIndex
CREATE INDEX "ix_task_run_state__type" ON "task_run_state"("type");

-- CreateIndex
CREATE INDEX "ix_task_run_state__name" ON "task_run_state"("name");

-- CreateIndex
CREATE INDEX "ix_task_run_state__updated" ON "task_run_state"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_task_run_state__task_run_id_timestamp_desc" ON "task_run_state"("task_run_id", "timestamp");

-- AddForeignKey
ALTER TABLE "flow_run" ADD CONSTRAINT "fk_flow_run__flow_id__flow" FOREIGN KEY ("flow_id") REFERENCES "flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flow_run" ADD CONSTRAINT "fk_flow_run__state_id__flow_run_state" FOREIGN KEY ("state_id") REFERENCES "flow_run_state"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flow_run" ADD CONSTRAINT "fk_flow_run__parent_task_run_id__task_run" FOREIGN KEY ("parent_task_run_id") REFERENCES "task_run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flow_run_tag" ADD CONSTRAINT "fk_flow_run_tag__flow_run_id__flow_run" FOREIGN KEY ("flow_run_id") REFERENCES "flow_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flow_run_state" ADD CONSTRAINT "fk_flow_run_state__flow_run_id__flow_run" FOREIGN KEY ("flow_run_id") REFERENCES "flow_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_run" ADD CONSTRAINT "fk_task_run__flow_run_id__flow_run" FOREIGN KEY ("flow_run_id") REFERENCES "flow_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_run" ADD CONSTRAINT "fk_task_run__state_id__task_run_state" FOREIGN KEY ("state_id") REFERENCES "task_run_state"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_run_tag" ADD CONSTRAINT "fk_task_run_tag__task_run_id__task_run" FOREIGN KEY ("task_run_id") REFERENCES "task_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_run_state" ADD CONSTRAINT "fk_task_run_state__task_run_id__task_run" FOREIGN KEY ("task_run_id") REFERENCES "task_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
