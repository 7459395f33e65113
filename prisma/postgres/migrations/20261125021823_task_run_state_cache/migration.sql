-- CreateTable
CREATE TABLE "task_run_state_cache" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cache_key" TEXT NOT NULL,
    "cache_expiration" TIMESTAMPTZ(6),
    "task_run_state_id" UUID NOT NULL,

    CONSTRAINT "task_run_state_cache_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ix_task_run_state_cache__cache_key_created_desc" ON "task_run_state_cache"("cache_key", "created" DESC);

-- CreateIndex
CREATE INDEX "ix_task_run_state_cache__updated" ON "task_run_state_cache"("updated");
