-- CreateTable
CREATE TABLE "csrf_token" (
    "id" UUID NOT NULL,
    "created" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "token" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "expiration" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "csrf_token_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_csrf_token__client" ON "csrf_token"("client");

-- CreateIndex
CREATE INDEX "ix_csrf_token__updated" ON "csrf_token"("updated");
