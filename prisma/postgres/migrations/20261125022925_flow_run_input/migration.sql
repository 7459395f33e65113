-- CreateTable
CREATE TABLE "flow_run_input" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "flow_run_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "sender" TEXT,

    CONSTRAINT "flow_run_input_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ix_flow_run_input__updated" ON "flow_run_input"("updated");

-- CreateIndex
CREATE UNIQUE INDEX "uq_flow_run_input__flow_run_id_key" ON "flow_run_input"("flow_run_id", "key");

-- AddForeignKey
ALTER TABLE "flow_run_input" ADD CONSTRAINT "fk_flow_run_input__flow_run_id__flow_run" FOREIGN KEY ("flow_run_id") REFERENCES "flow_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
