-- CreateTable
CREATE TABLE "work_pool" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "type" TEXT NOT NULL,
    "base_job_template" JSONB NOT NULL DEFAULT '{}',
    "is_paused" BOOLEAN NOT NULL DEFAULT false,
    "default_queue_id" TEXT,
    "concurrency_limit" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'NOT_READY',
    "last_transitioned_status_at" DATETIME,
    "last_status_event_id" TEXT,
    "storage_configuration" JSONB NOT NULL DEFAULT '{}'
);

-- CreateTable
CREATE TABLE "work_queue" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "filter" JSONB,
    "description" TEXT DEFAULT '',
    "is_paused" BOOLEAN NOT NULL DEFAULT false,
    "concurrency_limit" INTEGER,
    "priority" INTEGER NOT NULL,
    "last_polled" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'NOT_READY',
    "work_pool_id" TEXT NOT NULL,
    CONSTRAINT "work_queue_work_pool_id_fkey" FOREIGN KEY ("work_pool_id") REFERENCES "work_pool" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "worker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "work_pool_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "last_heartbeat_time" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_interval_seconds" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'OFFLINE',
    CONSTRAINT "worker_work_pool_id_fkey" FOREIGN KEY ("work_pool_id") REFERENCES "work_pool" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "deployment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "version" TEXT,
    "description" TEXT,
    "work_queue_name" TEXT,
    "infra_overrides" JSONB NOT NULL DEFAULT '{}',
    "path" TEXT,
    "entrypoint" TEXT,
    "last_polled" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'NOT_READY',
    "flow_id" TEXT NOT NULL,
    "work_queue_id" TEXT,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "concurrency_limit" INTEGER,
    "concurrency_limit_id" TEXT,
    "concurrency_options" JSONB,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "labels" JSONB,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "pull_steps" JSONB,
    "parameter_openapi_schema" JSONB,
    "enforce_parameter_schema" BOOLEAN NOT NULL DEFAULT true,
    "created_by" JSONB,
    "updated_by" JSONB,
    "infrastructure_document_id" TEXT,
    "storage_document_id" TEXT,
    CONSTRAINT "deployment_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flow" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "deployment_work_queue_id_fkey" FOREIGN KEY ("work_queue_id") REFERENCES "work_queue" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "deployment_concurrency_limit_id_fkey" FOREIGN KEY ("concurrency_limit_id") REFERENCES "concurrency_limit_v2" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "deployment_infrastructure_document_id_fkey" FOREIGN KEY ("infrastructure_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "deployment_storage_document_id_fkey" FOREIGN KEY ("storage_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "deployment_tag" (
    "deployment_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    PRIMARY KEY ("deployment_id", "tag"),
    CONSTRAINT "deployment_tag_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "deployment_schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deployment_id" TEXT NOT NULL,
    "schedule" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "max_scheduled_runs" INTEGER,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "slug" TEXT,
    CONSTRAINT "deployment_schedule_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "artifact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "key" TEXT,
    "type" TEXT,
    "description" TEXT,
    "data" JSONB,
    "metadata_" JSONB,
    "flow_run_id" TEXT,
    "task_run_id" TEXT
);

-- CreateTable
CREATE TABLE "artifact_collection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "key" TEXT NOT NULL,
    "latest_id" TEXT NOT NULL,
    "type" TEXT,
    "description" TEXT,
    "data" JSONB,
    "metadata_" JSONB,
    "flow_run_id" TEXT,
    "task_run_id" TEXT
);

-- CreateTable
CREATE TABLE "variable" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "value" JSONB,
    "tags" JSONB NOT NULL DEFAULT '[]'
);

-- CreateTable
CREATE TABLE "variable_tag" (
    "variable_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    PRIMARY KEY ("variable_id", "tag"),
    CONSTRAINT "variable_tag_variable_id_fkey" FOREIGN KEY ("variable_id") REFERENCES "variable" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "saved_search" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "filters" JSONB NOT NULL DEFAULT '[]'
);

-- CreateTable
CREATE TABLE "block_type" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "logo_url" TEXT,
    "documentation_url" TEXT,
    "description" TEXT,
    "code_example" TEXT,
    "is_protected" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "block_schema" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checksum" TEXT NOT NULL,
    "fields" JSONB NOT NULL DEFAULT '{}',
    "capabilities" JSONB NOT NULL DEFAULT '[]',
    "version" TEXT NOT NULL DEFAULT 'non-versioned',
    "block_type_id" TEXT NOT NULL,
    CONSTRAINT "block_schema_block_type_id_fkey" FOREIGN KEY ("block_type_id") REFERENCES "block_type" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "block_schema_reference" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "parent_block_schema_id" TEXT NOT NULL,
    "reference_block_schema_id" TEXT NOT NULL,
    CONSTRAINT "block_schema_reference_parent_block_schema_id_fkey" FOREIGN KEY ("parent_block_schema_id") REFERENCES "block_schema" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "block_schema_reference_reference_block_schema_id_fkey" FOREIGN KEY ("reference_block_schema_id") REFERENCES "block_schema" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "block_document" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "is_anonymous" BOOLEAN NOT NULL DEFAULT false,
    "block_type_name" TEXT,
    "block_type_id" TEXT NOT NULL,
    "block_schema_id" TEXT NOT NULL,
    CONSTRAINT "block_document_block_type_id_fkey" FOREIGN KEY ("block_type_id") REFERENCES "block_type" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "block_document_block_schema_id_fkey" FOREIGN KEY ("block_schema_id") REFERENCES "block_schema" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "block_document_reference" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "parent_block_document_id" TEXT NOT NULL,
    "reference_block_document_id" TEXT NOT NULL,
    CONSTRAINT "block_document_reference_parent_block_document_id_fkey" FOREIGN KEY ("parent_block_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "block_document_reference_reference_block_document_id_fkey" FOREIGN KEY ("reference_block_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_flow_run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "flow_id" TEXT NOT NULL,
    "state_id" TEXT,
    "state_type" TEXT,
    "state_name" TEXT,
    "state_timestamp" DATETIME,
    "run_count" INTEGER NOT NULL DEFAULT 0,
    "expected_start_time" DATETIME,
    "next_scheduled_start_time" DATETIME,
    "start_time" DATETIME,
    "end_time" DATETIME,
    "total_run_time" REAL NOT NULL DEFAULT 0,
    "effective_start_time" DATETIME,
    "deployment_id" TEXT,
    "deployment_version" TEXT,
    "work_queue_name" TEXT,
    "work_queue_id" TEXT,
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
    "infrastructure_document_id" TEXT,
    "parent_task_run_id" TEXT,
    "auto_scheduled" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "flow_run_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flow" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "flow_run_state_id_fkey" FOREIGN KEY ("state_id") REFERENCES "flow_run_state" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "flow_run_work_queue_id_fkey" FOREIGN KEY ("work_queue_id") REFERENCES "work_queue" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "flow_run_parent_task_run_id_fkey" FOREIGN KEY ("parent_task_run_id") REFERENCES "task_run" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_flow_run" ("auto_scheduled", "context", "created", "created_by", "created_by_id", "created_by_type", "deployment_id", "deployment_version", "effective_start_time", "empirical_policy", "end_time", "expected_start_time", "flow_id", "flow_version", "id", "idempotency_key", "infrastructure_document_id", "infrastructure_pid", "job_variables", "labels", "name", "next_scheduled_start_time", "parameters", "parent_task_run_id", "run_count", "start_time", "state_id", "state_name", "state_timestamp", "state_type", "tags", "total_run_time", "updated", "work_queue_id", "work_queue_name") SELECT "auto_scheduled", "context", "created", "created_by", "created_by_id", "created_by_type", "deployment_id", "deployment_version", "effective_start_time", "empirical_policy", "end_time", "expected_start_time", "flow_id", "flow_version", "id", "idempotency_key", "infrastructure_document_id", "infrastructure_pid", "job_variables", "labels", "name", "next_scheduled_start_time", "parameters", "parent_task_run_id", "run_count", "start_time", "state_id", "state_name", "state_timestamp", "state_type", "tags", "total_run_time", "updated", "work_queue_id", "work_queue_name" FROM "flow_run";
DROP TABLE "flow_run";
ALTER TABLE "new_flow_run" RENAME TO "flow_run";
CREATE UNIQUE INDEX "uq_flow_run__state_id" ON "flow_run"("state_id");
CREATE INDEX "ix_flow_run__name" ON "flow_run"("name");
CREATE INDEX "ix_flow_run__flow_id" ON "flow_run"("flow_id", "id" DESC);
CREATE INDEX "ix_flow_run__flow_id_effective_start_time_desc" ON "flow_run"("flow_id", "effective_start_time" DESC, "id" DESC);
CREATE INDEX "ix_flow_run__flow_id_expected_start_time_desc" ON "flow_run"("flow_id", "expected_start_time" DESC, "id" DESC);
CREATE INDEX "ix_flow_run__flow_id_name" ON "flow_run"("flow_id", "name", "id" DESC);
CREATE INDEX "ix_flow_run__deployment_id" ON "flow_run"("deployment_id");
CREATE INDEX "ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu" ON "flow_run"("deployment_id", "auto_scheduled", "next_scheduled_start_time");
CREATE INDEX "ix_flow_run__work_queue_id_state_type" ON "flow_run"("work_queue_id", "state_type");
CREATE INDEX "ix_flow_run__work_queue_name" ON "flow_run"("work_queue_name");
CREATE INDEX "ix_flow_run__parent_task_run_id" ON "flow_run"("parent_task_run_id");
CREATE INDEX "ix_flow_run__updated" ON "flow_run"("updated");
CREATE INDEX "ix_flow_run__coalesce_start_time_expected_start_time" ON "flow_run"("effective_start_time");
CREATE INDEX "ix_flow_run__expected_start_time_desc" ON "flow_run"("expected_start_time");
CREATE INDEX "ix_flow_run__next_scheduled_start_time_asc" ON "flow_run"("next_scheduled_start_time");
CREATE INDEX "ix_flow_run__end_time_desc" ON "flow_run"("end_time");
CREATE INDEX "ix_flow_run__start_time" ON "flow_run"("start_time");
CREATE INDEX "ix_flow_run__state_type" ON "flow_run"("state_type");
CREATE INDEX "ix_flow_run__state_name" ON "flow_run"("state_name");
CREATE INDEX "ix_flow_run__state_timestamp" ON "flow_run"("state_timestamp");
CREATE UNIQUE INDEX "uq_flow_run__flow_id_idempotency_key" ON "flow_run"("flow_id", "idempotency_key");
CREATE TABLE "new_flow_run_state" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "flow_run_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "timestamp" DATETIME NOT NULL,
    "name" TEXT NOT NULL,
    "message" TEXT,
    "state_details" JSONB NOT NULL DEFAULT '{}',
    "data" JSONB,
    "result_artifact_id" TEXT,
    CONSTRAINT "flow_run_state_flow_run_id_fkey" FOREIGN KEY ("flow_run_id") REFERENCES "flow_run" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "flow_run_state_result_artifact_id_fkey" FOREIGN KEY ("result_artifact_id") REFERENCES "artifact" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_flow_run_state" ("created", "data", "flow_run_id", "id", "message", "name", "result_artifact_id", "state_details", "timestamp", "type", "updated") SELECT "created", "data", "flow_run_id", "id", "message", "name", "result_artifact_id", "state_details", "timestamp", "type", "updated" FROM "flow_run_state";
DROP TABLE "flow_run_state";
ALTER TABLE "new_flow_run_state" RENAME TO "flow_run_state";
CREATE INDEX "ix_flow_run_state__type" ON "flow_run_state"("type");
CREATE INDEX "ix_flow_run_state__name" ON "flow_run_state"("name");
CREATE INDEX "ix_flow_run_state__updated" ON "flow_run_state"("updated");
CREATE INDEX "ix_flow_run_state__result_artifact_id" ON "flow_run_state"("result_artifact_id");
CREATE UNIQUE INDEX "uq_flow_run_state__flow_run_id_timestamp_desc" ON "flow_run_state"("flow_run_id", "timestamp");
CREATE TABLE "new_task_run_state" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "task_run_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "timestamp" DATETIME NOT NULL,
    "name" TEXT NOT NULL,
    "message" TEXT,
    "state_details" JSONB NOT NULL DEFAULT '{}',
    "data" JSONB,
    "result_artifact_id" TEXT,
    CONSTRAINT "task_run_state_task_run_id_fkey" FOREIGN KEY ("task_run_id") REFERENCES "task_run" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "task_run_state_result_artifact_id_fkey" FOREIGN KEY ("result_artifact_id") REFERENCES "artifact" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_task_run_state" ("created", "data", "id", "message", "name", "result_artifact_id", "state_details", "task_run_id", "timestamp", "type", "updated") SELECT "created", "data", "id", "message", "name", "result_artifact_id", "state_details", "task_run_id", "timestamp", "type", "updated" FROM "task_run_state";
DROP TABLE "task_run_state";
ALTER TABLE "new_task_run_state" RENAME TO "task_run_state";
CREATE INDEX "ix_task_run_state__type" ON "task_run_state"("type");
CREATE INDEX "ix_task_run_state__name" ON "task_run_state"("name");
CREATE INDEX "ix_task_run_state__updated" ON "task_run_state"("updated");
CREATE INDEX "ix_task_run_state__result_artifact_id" ON "task_run_state"("result_artifact_id");
CREATE UNIQUE INDEX "uq_task_run_state__task_run_id_timestamp_desc" ON "task_run_state"("task_run_id", "timestamp");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
