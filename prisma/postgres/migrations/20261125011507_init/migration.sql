-- CreateTable
CREATE TABLE "flow" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "labels" JSONB,

    CONSTRAINT "flow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flow_tag" (
    "flow_id" UUID NOT NULL,
    "tag" TEXT NOT NULL,

    CONSTRAINT "pk_flow_tag" PRIMARY KEY ("flow_id","tag")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_flow__name" ON "flow"("name");

-- CreateIndex
CREATE INDEX "ix_flow__created" ON "flow"("created");

-- CreateIndex
CREATE INDEX "ix_flow__updated" ON "flow"("updated");

-- CreateIndex
CREATE INDEX "ix_flow_tag__tag" ON "flow_tag"("tag");

-- AddForeignKey
ALTER TABLE "flow_tag" ADD CONSTRAINT "fk_flow_tag__flow_id__flow" FOREIGN KEY ("flow_id") REFERENCES "flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
