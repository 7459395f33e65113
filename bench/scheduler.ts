// npm run bench:scheduler [-- --db sqlite|postgresql --deployments 1000]
// How long one main scheduler pass takes for N deployments with one hourly
// interval schedule each (issue: "one scheduler loop for 1,000 deployments"):
// a first pass that inserts every run (3 per schedule with the defaults) and a
// second pass that finds nothing to do. Fresh database per run; prints JSON.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { makeClient } from '../src/db/client.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import type { DatabaseTarget } from '../src/db/url.ts';
import { schedulerPass } from '../src/services/scheduler/pass.ts';
import { loadSettings } from '../src/settings.ts';

const { values } = parseArgs({ options: { db: { type: 'string', default: 'sqlite' }, deployments: { type: 'string', default: '1000' } } });
const count = Number(values.deployments);

async function freshTarget(): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  if (values.db === 'sqlite')
    return { target: { provider: 'sqlite', file: path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-scheduler-')), 'prefect.db') }, drop: async () => {} };
  const name = `bench_scheduler_${process.pid}`;
  const admin = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    target: { provider: 'postgresql', url: `postgresql://postgres@127.0.0.1:5432/${name}` },
    drop: async () => {
      const c = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const { target, drop } = await freshTarget();
await applyMigrations(target);
const db = makeClient(target);
const settings = loadSettings({ PREFECT_HOME: os.tmpdir() }).scheduler;
const flow = await db.flow.create({ data: { name: 'bench-scheduler' } });
const anchor = '2026-01-01T00:00:00+00:00';
for (let i = 0; i < count; i += 500) {
  const ids = Array.from({ length: Math.min(500, count - i) }, () => randomUUID());
  await db.deployment.createMany({ data: ids.map((id, j) => ({ id, name: `d-${i + j}`, flow_id: flow.id })) });
  await db.deploymentSchedule.createMany({ data: ids.map((id) => ({ deployment_id: id, schedule: { interval: 3600, anchor_date: anchor, timezone: 'UTC' } })) });
}

const now = new Date();
const timed = async () => {
  const started = process.hrtime.bigint();
  const inserted = await schedulerPass(db, settings, now);
  return { inserted, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
};
const first = await timed();
const second = await timed();
await db.$disconnect();
await drop();
console.log(JSON.stringify({ db: values.db, deployments: count, first_pass: first, idle_pass: second }));
