-- CreateTable
CREATE TABLE "automation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "trigger" JSONB NOT NULL,
    "actions" JSONB NOT NULL DEFAULT '[]',
    "actions_on_trigger" JSONB NOT NULL DEFAULT '[]',
    "actions_on_resolve" JSONB NOT NULL DEFAULT '[]'
);

-- CreateTable
CREATE TABLE "automation_tag" (
    "automation_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    PRIMARY KEY ("automation_id", "tag"),
    CONSTRAINT "automation_tag_automation_id_fkey" FOREIGN KEY ("automation_id") REFERENCES "automation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "automation_bucket" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "automation_id" TEXT NOT NULL,
    "trigger_id" TEXT NOT NULL,
    "bucketing_key" JSONB NOT NULL DEFAULT '[]',
    "last_event" JSONB,
    "start" DATETIME NOT NULL,
    "end" DATETIME NOT NULL,
    "count" INTEGER NOT NULL,
    "last_operation" TEXT,
    "triggered_at" DATETIME,
    CONSTRAINT "automation_bucket_automation_id_fkey" FOREIGN KEY ("automation_id") REFERENCES "automation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "automation_related_resource" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "automation_id" TEXT NOT NULL,
    "resource_id" TEXT,
    "automation_owned_by_resource" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "automation_related_resource_automation_id_fkey" FOREIGN KEY ("automation_id") REFERENCES "automation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "composite_trigger_child_firing" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "automation_id" TEXT NOT NULL,
    "parent_trigger_id" TEXT NOT NULL,
    "child_trigger_id" TEXT NOT NULL,
    "child_firing_id" TEXT NOT NULL,
    "child_fired_at" DATETIME,
    "child_firing" JSONB NOT NULL,
    CONSTRAINT "composite_trigger_child_firing_automation_id_fkey" FOREIGN KEY ("automation_id") REFERENCES "automation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "automation_event_follower" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scope" TEXT NOT NULL DEFAULT '',
    "leader_event_id" TEXT NOT NULL,
    "follower_event_id" TEXT NOT NULL,
    "received" DATETIME NOT NULL,
    "follower" JSONB NOT NULL
);

-- CreateIndex
CREATE INDEX "ix_automation__name" ON "automation"("name");

-- CreateIndex
CREATE INDEX "ix_automation__updated" ON "automation"("updated");

-- CreateIndex
CREATE INDEX "ix_automation_tag__tag" ON "automation_tag"("tag");

-- CreateIndex
CREATE INDEX "ix_automation_bucket__automation_id__end" ON "automation_bucket"("automation_id", "end");

-- CreateIndex
CREATE INDEX "ix_automation_bucket__updated" ON "automation_bucket"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_automation_bucket__automation_id__trigger_id__bucketing_key" ON "automation_bucket"("automation_id", "trigger_id", "bucketing_key");

-- CreateIndex
CREATE INDEX "ix_automation_related_resource__resource_id" ON "automation_related_resource"("resource_id");

-- CreateIndex
CREATE INDEX "ix_automation_related_resource__updated" ON "automation_related_resource"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_automation_related_resource__automation_id__resource_id" ON "automation_related_resource"("automation_id", "resource_id");

-- CreateIndex
CREATE INDEX "ix_composite_trigger_child_firing__updated" ON "composite_trigger_child_firing"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_composite_trigger_child_firing__a_id__pt_id__ct__id" ON "composite_trigger_child_firing"("automation_id", "parent_trigger_id", "child_trigger_id");

-- CreateIndex
CREATE INDEX "ix_ae_follower_scope_leader" ON "automation_event_follower"("scope", "leader_event_id");

-- CreateIndex
CREATE INDEX "ix_automation_event_follower__received" ON "automation_event_follower"("received");

-- CreateIndex
CREATE INDEX "ix_automation_event_follower__updated" ON "automation_event_follower"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_follower_for_scope" ON "automation_event_follower"("scope", "follower_event_id");
