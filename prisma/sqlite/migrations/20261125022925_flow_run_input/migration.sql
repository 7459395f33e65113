-- CreateTable
CREATE TABLE "flow_run_input" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "flow_run_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "sender" TEXT,
    CONSTRAINT "flow_run_input_flow_run_id_fkey" FOREIGN KEY ("flow_run_id") REFERENCES "flow_run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ix_flow_run_input__updated" ON "flow_run_input"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_flow_run_input__flow_run_id_key" ON "flow_run_input"("flow_run_id", "key");
