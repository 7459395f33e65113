-- CreateTable
CREATE TABLE "task_run_state_cache" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cache_key" TEXT NOT NULL,
    "cache_expiration" DATETIME,
    "task_run_state_id" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "ix_task_run_state_cache__cache_key_created_desc" ON "task_run_state_cache"("cache_key", "created" DESC);

-- CreateIndex
CREATE INDEX "ix_task_run_state_cache__updated" ON "task_run_state_cache"("updated");
