-- CreateTable
CREATE TABLE "flow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "labels" JSONB
);

-- CreateTable
CREATE TABLE "flow_tag" (
    "flow_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    PRIMARY KEY ("flow_id", "tag"),
    CONSTRAINT "flow_tag_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_flow__name" ON "flow"("name");

-- CreateIndex
CREATE INDEX "ix_flow__created" ON "flow"("created");

-- CreateIndex
CREATE INDEX "ix_flow__updated" ON "flow"("updated");

-- CreateIndex
CREATE INDEX "ix_flow_tag__tag" ON "flow_tag"("tag");
