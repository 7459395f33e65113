-- CreateTable
CREATE TABLE "events" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "occurred" DATETIME NOT NULL,
    "event" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "resource" JSONB NOT NULL,
    "related_resource_ids" JSONB NOT NULL DEFAULT '[]',
    "related" JSONB NOT NULL DEFAULT '[]',
    "payload" JSONB NOT NULL DEFAULT '{}',
    "received" DATETIME NOT NULL,
    "recorded" DATETIME NOT NULL,
    "follows" TEXT
);

-- CreateTable
CREATE TABLE "event_resources" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "occurred" DATETIME NOT NULL,
    "resource_id" TEXT NOT NULL,
    "resource_role" TEXT NOT NULL,
    "resource" JSONB NOT NULL,
    "event_id" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "log" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "timestamp" DATETIME NOT NULL,
    "flow_run_id" TEXT,
    "task_run_id" TEXT
);

-- CreateTable
CREATE TABLE "concurrency_limit_v2" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "name" TEXT NOT NULL,
    "limit" INTEGER NOT NULL,
    "active_slots" INTEGER NOT NULL DEFAULT 0,
    "denied_slots" INTEGER NOT NULL DEFAULT 0,
    "slot_decay_per_second" REAL NOT NULL DEFAULT 0,
    "avg_slot_occupancy_seconds" REAL NOT NULL DEFAULT 2
);

-- CreateTable
CREATE TABLE "concurrency_lease" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resource_ids" JSONB NOT NULL DEFAULT '[]',
    "expiration" DATETIME NOT NULL,
    "slots" INTEGER,
    "holder_type" TEXT,
    "holder_id" TEXT
);

-- CreateTable
CREATE TABLE "configuration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL
);

-- CreateIndex
CREATE INDEX "ix_events__occurred" ON "events"("occurred");

-- CreateIndex
CREATE INDEX "ix_events__occurred_id" ON "events"("occurred", "id");

-- CreateIndex
CREATE INDEX "ix_events__event_id" ON "events"("event", "id");

-- CreateIndex
CREATE INDEX "ix_events__event_occurred" ON "events"("event", "occurred");

-- CreateIndex
CREATE INDEX "ix_events__event_occurred_id" ON "events"("event", "occurred", "id");

-- CreateIndex
CREATE INDEX "ix_events__event_resource_id_occurred" ON "events"("event", "resource_id", "occurred");

-- CreateIndex
CREATE INDEX "ix_events__updated" ON "events"("updated");

-- CreateIndex
CREATE INDEX "ix_event_resources__resource_id_occurred" ON "event_resources"("resource_id", "occurred");

-- CreateIndex
CREATE INDEX "ix_event_resources__occurred" ON "event_resources"("occurred");

-- CreateIndex
CREATE INDEX "ix_event_resources__event_id" ON "event_resources"("event_id");

-- CreateIndex
CREATE INDEX "ix_event_resources__updated" ON "event_resources"("updated");

-- CreateIndex
CREATE INDEX "ix_log__flow_run_id" ON "log"("flow_run_id");

-- CreateIndex
CREATE INDEX "ix_log__task_run_id" ON "log"("task_run_id");

-- CreateIndex
CREATE INDEX "ix_log__level" ON "log"("level");

-- CreateIndex
CREATE INDEX "ix_log__timestamp" ON "log"("timestamp");

-- CreateIndex
CREATE INDEX "ix_log__updated" ON "log"("updated");

-- CreateIndex
CREATE INDEX "ix_log__flow_run_id_timestamp" ON "log"("flow_run_id", "timestamp");

-- CreateIndex
CREATE INDEX "ix_log__task_run_id_timestamp" ON "log"("task_run_id", "timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "uq_concurrency_limit_v2__name" ON "concurrency_limit_v2"("name");

-- CreateIndex
CREATE INDEX "ix_concurrency_limit_v2__updated" ON "concurrency_limit_v2"("updated");

-- CreateIndex
CREATE INDEX "ix_concurrency_lease__expiration" ON "concurrency_lease"("expiration");

-- CreateIndex
CREATE UNIQUE INDEX "uq_configuration__key" ON "configuration"("key");

-- CreateIndex
CREATE INDEX "ix_configuration__updated" ON "configuration"("updated");
