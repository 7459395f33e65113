-- CreateTable
CREATE TABLE "work_pool" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "type" TEXT NOT NULL,
    "base_job_template" JSONB NOT NULL DEFAULT '{}',
    "is_paused" BOOLEAN NOT NULL DEFAULT false,
    "default_queue_id" UUID,
    "concurrency_limit" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'NOT_READY',
    "last_transitioned_status_at" TIMESTAMPTZ(6),
    "last_status_event_id" UUID,
    "storage_configuration" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "work_pool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "work_queue" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "filter" JSONB,
    "description" TEXT DEFAULT '',
    "is_paused" BOOLEAN NOT NULL DEFAULT false,
    "concurrency_limit" INTEGER,
    "priority" INTEGER NOT NULL,
    "last_polled" TIMESTAMPTZ(6),
    "status" TEXT NOT NULL DEFAULT 'NOT_READY',
    "work_pool_id" UUID NOT NULL,

    CONSTRAINT "work_queue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "worker" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "work_pool_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "last_heartbeat_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_interval_seconds" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'OFFLINE',

    CONSTRAINT "worker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployment" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "version" TEXT,
    "description" TEXT,
    "work_queue_name" TEXT,
    "infra_overrides" JSONB NOT NULL DEFAULT '{}',
    "path" TEXT,
    "entrypoint" TEXT,
    "last_polled" TIMESTAMPTZ(6),
    "status" TEXT NOT NULL DEFAULT 'NOT_READY',
    "flow_id" UUID NOT NULL,
    "work_queue_id" UUID,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "concurrency_limit" INTEGER,
    "concurrency_limit_id" UUID,
    "concurrency_options" JSONB,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "labels" JSONB,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "pull_steps" JSONB,
    "parameter_openapi_schema" JSONB,
    "enforce_parameter_schema" BOOLEAN NOT NULL DEFAULT true,
    "created_by" JSONB,
    "updated_by" JSONB,
    "infrastructure_document_id" UUID,
    "storage_document_id" UUID,

    CONSTRAINT "deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployment_tag" (
    "deployment_id" UUID NOT NULL,
    "tag" TEXT NOT NULL,

    CONSTRAINT "pk_deployment_tag" PRIMARY KEY ("deployment_id","tag")
);

-- CreateTable
CREATE TABLE "deployment_schedule" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deployment_id" UUID NOT NULL,
    "schedule" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "max_scheduled_runs" INTEGER,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "slug" TEXT,

    CONSTRAINT "deployment_schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "artifact" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "key" TEXT,
    "type" TEXT,
    "description" TEXT,
    "data" JSONB,
    "metadata_" JSONB,
    "flow_run_id" UUID,
    "task_run_id" UUID,

    CONSTRAINT "artifact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "artifact_collection" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "key" TEXT NOT NULL,
    "latest_id" UUID NOT NULL,
    "type" TEXT,
    "description" TEXT,
    "data" JSONB,
    "metadata_" JSONB,
    "flow_run_id" UUID,
    "task_run_id" UUID,

    CONSTRAINT "artifact_collection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "variable" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "value" JSONB,
    "tags" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "variable_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "variable_tag" (
    "variable_id" UUID NOT NULL,
    "tag" TEXT NOT NULL,

    CONSTRAINT "pk_variable_tag" PRIMARY KEY ("variable_id","tag")
);

-- CreateTable
CREATE TABLE "saved_search" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "filters" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "saved_search_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "block_type" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "logo_url" TEXT,
    "documentation_url" TEXT,
    "description" TEXT,
    "code_example" TEXT,
    "is_protected" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "block_type_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "block_schema" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checksum" TEXT NOT NULL,
    "fields" JSONB NOT NULL DEFAULT '{}',
    "capabilities" JSONB NOT NULL DEFAULT '[]',
    "version" TEXT NOT NULL DEFAULT 'non-versioned',
    "block_type_id" UUID NOT NULL,

    CONSTRAINT "block_schema_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "block_schema_reference" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "parent_block_schema_id" UUID NOT NULL,
    "reference_block_schema_id" UUID NOT NULL,

    CONSTRAINT "block_schema_reference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "block_document" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "is_anonymous" BOOLEAN NOT NULL DEFAULT false,
    "block_type_name" TEXT,
    "block_type_id" UUID NOT NULL,
    "block_schema_id" UUID NOT NULL,

    CONSTRAINT "block_document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "block_document_reference" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "parent_block_document_id" UUID NOT NULL,
    "reference_block_document_id" UUID NOT NULL,

    CONSTRAINT "block_document_reference_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_work_pool__name" ON "work_pool"("name");

-- CreateIndex
CREATE INDEX "ix_work_pool__type" ON "work_pool"("type");

-- CreateIndex
CREATE INDEX "ix_work_pool__updated" ON "work_pool"("updated");

-- CreateIndex
CREATE INDEX "ix_work_queue__work_pool_id_priority" ON "work_queue"("work_pool_id", "priority");

-- CreateIndex
CREATE INDEX "ix_work_queue__name" ON "work_queue"("name");

-- CreateIndex
CREATE INDEX "ix_work_queue__updated" ON "work_queue"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_work_queue__work_pool_id_name" ON "work_queue"("work_pool_id", "name");

-- CreateIndex
CREATE INDEX "ix_worker__work_pool_id_last_heartbeat_time" ON "worker"("work_pool_id", "last_heartbeat_time");

-- CreateIndex
CREATE INDEX "ix_worker__updated" ON "worker"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_worker__work_pool_id_name" ON "worker"("work_pool_id", "name");

-- CreateIndex
CREATE INDEX "ix_deployment__created" ON "deployment"("created");

-- CreateIndex
CREATE INDEX "ix_deployment__updated" ON "deployment"("updated");

-- CreateIndex
CREATE INDEX "ix_deployment__name" ON "deployment"("name");

-- CreateIndex
CREATE INDEX "ix_deployment__work_queue_name" ON "deployment"("work_queue_name");

-- CreateIndex
CREATE INDEX "ix_deployment__work_queue_id" ON "deployment"("work_queue_id");

-- CreateIndex
CREATE INDEX "ix_deployment__paused" ON "deployment"("paused");

-- CreateIndex
CREATE INDEX "ix_deployment__concurrency_limit_id" ON "deployment"("concurrency_limit_id");

-- CreateIndex
CREATE UNIQUE INDEX "uq_deployment__flow_id_name" ON "deployment"("flow_id", "name");

-- CreateIndex
CREATE INDEX "ix_deployment_tag__tag" ON "deployment_tag"("tag");

-- CreateIndex
CREATE INDEX "ix_deployment_schedule__slug" ON "deployment_schedule"("slug");

-- CreateIndex
CREATE INDEX "ix_deployment_schedule__updated" ON "deployment_schedule"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "ix_deployment_schedule__deployment_id__slug" ON "deployment_schedule"("deployment_id", "slug");

-- CreateIndex
CREATE INDEX "ix_artifact__key" ON "artifact"("key");

-- CreateIndex
CREATE INDEX "ix_artifact__key_created_desc" ON "artifact"("key", "created" DESC);

-- CreateIndex
CREATE INDEX "ix_artifact__flow_run_id" ON "artifact"("flow_run_id");

-- CreateIndex
CREATE INDEX "ix_artifact__task_run_id" ON "artifact"("task_run_id");

-- CreateIndex
CREATE INDEX "ix_artifact__updated" ON "artifact"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_artifact_collection__key" ON "artifact_collection"("key");

-- CreateIndex
CREATE INDEX "ix_artifact_collection__key_latest_id" ON "artifact_collection"("key", "latest_id");

-- CreateIndex
CREATE INDEX "ix_artifact_collection__updated" ON "artifact_collection"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_variable__name" ON "variable"("name");

-- CreateIndex
CREATE INDEX "ix_variable__updated" ON "variable"("updated");

-- CreateIndex
CREATE INDEX "ix_variable_tag__tag" ON "variable_tag"("tag");

-- CreateIndex
CREATE UNIQUE INDEX "uq_saved_search__name" ON "saved_search"("name");

-- CreateIndex
CREATE INDEX "ix_saved_search__updated" ON "saved_search"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_block_type__slug" ON "block_type"("slug");

-- CreateIndex
CREATE INDEX "ix_block_type__name" ON "block_type"("name");

-- CreateIndex
CREATE INDEX "ix_block_type__updated" ON "block_type"("updated");

-- CreateIndex
CREATE INDEX "ix_block_schema__block_type_id" ON "block_schema"("block_type_id");

-- CreateIndex
CREATE INDEX "ix_block_schema__created" ON "block_schema"("created");

-- CreateIndex
CREATE INDEX "ix_block_schema__updated" ON "block_schema"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_block_schema__checksum_version" ON "block_schema"("checksum", "version");

-- CreateIndex
CREATE INDEX "ix_block_schema_reference__parent_block_schema_id" ON "block_schema_reference"("parent_block_schema_id");

-- CreateIndex
CREATE INDEX "ix_block_schema_reference__updated" ON "block_schema_reference"("updated");

-- CreateIndex
CREATE INDEX "ix_block_document__name" ON "block_document"("name");

-- CreateIndex
CREATE INDEX "ix_block_document__is_anonymous" ON "block_document"("is_anonymous");

-- CreateIndex
CREATE INDEX "ix_block_document__block_type_name__name" ON "block_document"("block_type_name", "name");

-- CreateIndex
CREATE INDEX "ix_block_document__block_schema_id" ON "block_document"("block_schema_id");

-- CreateIndex
CREATE INDEX "ix_block_document__updated" ON "block_document"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_block__type_id_name" ON "block_document"("block_type_id", "name");

-- CreateIndex
CREATE INDEX "ix_block_document_reference__parent_block_document_id" ON "block_document_reference"("parent_block_document_id");

-- CreateIndex
CREATE INDEX "ix_block_document_reference__reference_block_document_id" ON "block_document_reference"("reference_block_document_id");

-- CreateIndex
CREATE INDEX "ix_block_document_reference__updated" ON "block_document_reference"("updated");

-- CreateIndex
CREATE INDEX "ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu" ON "flow_run"("deployment_id", "auto_scheduled", "next_scheduled_start_time");

-- CreateIndex
CREATE INDEX "ix_flow_run__work_queue_id_state_type" ON "flow_run"("work_queue_id", "state_type");

-- CreateIndex
CREATE INDEX "ix_flow_run_state__result_artifact_id" ON "flow_run_state"("result_artifact_id");

-- CreateIndex
CREATE INDEX "ix_task_run_state__result_artifact_id" ON "task_run_state"("result_artifact_id");

-- AddForeignKey
ALTER TABLE "flow_run" ADD CONSTRAINT "fk_flow_run__work_queue_id__work_queue" FOREIGN KEY ("work_queue_id") REFERENCES "work_queue"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flow_run_state" ADD CONSTRAINT "fk_flow_run_state__result_artifact_id__artifact" FOREIGN KEY ("result_artifact_id") REFERENCES "artifact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_run_state" ADD CONSTRAINT "fk_task_run_state__result_artifact_id__artifact" FOREIGN KEY ("result_artifact_id") REFERENCES "artifact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "work_queue" ADD CONSTRAINT "fk_work_queue__work_pool_id__work_pool" FOREIGN KEY ("work_pool_id") REFERENCES "work_pool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "worker" ADD CONSTRAINT "fk_worker__work_pool_id__work_pool" FOREIGN KEY ("work_pool_id") REFERENCES "work_pool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment" ADD CONSTRAINT "fk_deployment__flow_id__flow" FOREIGN KEY ("flow_id") REFERENCES "flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment" ADD CONSTRAINT "fk_deployment__work_queue_id__work_queue" FOREIGN KEY ("work_queue_id") REFERENCES "work_queue"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment" ADD CONSTRAINT "fk_deployment__concurrency_limit_id__concurrency_limit_v2" FOREIGN KEY ("concurrency_limit_id") REFERENCES "concurrency_limit_v2"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment" ADD CONSTRAINT "fk_deployment__infrastructure_document_id__block_document" FOREIGN KEY ("infrastructure_document_id") REFERENCES "block_document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment" ADD CONSTRAINT "fk_deployment__storage_document_id__block_document" FOREIGN KEY ("storage_document_id") REFERENCES "block_document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_tag" ADD CONSTRAINT "fk_deployment_tag__deployment_id__deployment" FOREIGN KEY ("deployment_id") REFERENCES "deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_schedule" ADD CONSTRAINT "fk_deployment_schedule__deployment_id__deployment" FOREIGN KEY ("deployment_id") REFERENCES "deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "variable_tag" ADD CONSTRAINT "fk_variable_tag__variable_id__variable" FOREIGN KEY ("variable_id") REFERENCES "variable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "block_schema" ADD CONSTRAINT "fk_block_schema__block_type_id__block_type" FOREIGN KEY ("block_type_id") REFERENCES "block_type"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "block_schema_reference" ADD CONSTRAINT "fk_block_schema_reference__parent_block_schema_id__block_schema" FOREIGN KEY ("parent_block_schema_id") REFERENCES "block_schema"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "block_schema_reference" ADD CONSTRAINT "fk_block_schema_reference__reference_block_schema_id" FOREIGN KEY ("reference_block_schema_id") REFERENCES "block_schema"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "block_document" ADD CONSTRAINT "fk_block_document__block_type_id__block_type" FOREIGN KEY ("block_type_id") REFERENCES "block_type"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "block_document" ADD CONSTRAINT "fk_block_document__block_schema_id__block_schema" FOREIGN KEY ("block_schema_id") REFERENCES "block_schema"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "block_document_reference" ADD CONSTRAINT "fk_block_document_reference__parent_block_document_id" FOREIGN KEY ("parent_block_document_id") REFERENCES "block_document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "block_document_reference" ADD CONSTRAINT "fk_block_document_reference__reference_block_document_id" FOREIGN KEY ("reference_block_document_id") REFERENCES "block_document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
