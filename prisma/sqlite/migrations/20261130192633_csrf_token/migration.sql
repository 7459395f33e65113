-- CreateTable
CREATE TABLE "csrf_token" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "token" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "expiration" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_csrf_token__client" ON "csrf_token"("client");

-- CreateIndex
CREATE INDEX "ix_csrf_token__updated" ON "csrf_token"("updated");
