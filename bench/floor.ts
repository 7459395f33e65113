// The floor: a minimal node:http server answering each read scenario with one
// hand-written SQL statement through the same driver as the server (pg or
// better-sqlite3), and JSON of the same shape and size. No GraphQL, no ORM,
// no validation: what is left is the database, the driver and JSON.
//
//   node --import tsx bench/floor.ts <database-url> <port>
import http from 'node:http';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseDatabaseUrl } from '../src/db/url.ts';
import { STATE_DETAILS_DEFAULTS } from '../src/orchestration/state-details.ts';
import { COUNT, FLAT, HISTORY, NESTED } from './scenarios.ts';

type Row = Record<string, any>;

interface Dialect {
  flat(): Promise<Row[]>;
  /** The nested document's data, as JSON text built by the database. */
  nested(): Promise<string>;
  count(): Promise<number>;
  history(): Promise<Row[]>;
}

/** Prefect prints timestamps with six fraction digits. */
function stamp(value: Date | string | null): string | null {
  if (value === null) return null;
  const iso = typeof value === 'string' ? `${value.slice(0, 23)}Z` : value.toISOString();
  return iso.replace(/(\.\d{3})Z$/, '$1000Z');
}

const parse = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
const seconds = (from: Date | string | null, to: Date | string | null) => (from && to ? (new Date(to).getTime() - new Date(from).getTime()) / 1000 : 0);

const FLOW_RUN_POLICY = { max_retries: 0, retry_delay_seconds: 0, retries: null, retry_delay: null, pause_keys: [], resuming: false, retry_type: null };

/** A flow-run row (with its state's s_* columns) as Prefect's REST JSON. */
function flowRunJson(r: Row) {
  const now = new Date();
  return {
    id: r.id,
    created: stamp(r.created),
    updated: stamp(r.updated),
    name: r.name,
    flow_id: r.flow_id,
    state_id: r.state_id,
    deployment_id: r.deployment_id,
    deployment_version: r.deployment_version,
    work_queue_id: r.work_queue_id,
    work_queue_name: r.work_queue_name,
    flow_version: r.flow_version,
    parameters: parse(r.parameters),
    idempotency_key: r.idempotency_key,
    context: parse(r.context),
    empirical_policy: { ...FLOW_RUN_POLICY, ...parse(r.empirical_policy) },
    tags: parse(r.tags),
    labels: parse(r.labels),
    parent_task_run_id: r.parent_task_run_id,
    state_type: r.state_type,
    state_name: r.state_name,
    run_count: r.run_count,
    expected_start_time: stamp(r.expected_start_time),
    next_scheduled_start_time: stamp(r.next_scheduled_start_time),
    start_time: stamp(r.start_time),
    end_time: stamp(r.end_time),
    total_run_time: r.total_run_time,
    estimated_run_time: r.total_run_time + (r.state_type === 'RUNNING' ? seconds(r.start_time, now) : 0),
    estimated_start_time_delta: r.start_time ? Math.max(0, seconds(r.expected_start_time, r.start_time)) : Math.max(0, seconds(r.expected_start_time, now)),
    auto_scheduled: Boolean(r.auto_scheduled),
    infrastructure_document_id: r.infrastructure_document_id,
    infrastructure_pid: r.infrastructure_pid,
    created_by: parse(r.created_by),
    work_pool_id: null,
    work_pool_name: null,
    state:
      r.s_id === null
        ? null
        : {
            id: r.s_id,
            type: r.s_type,
            name: r.s_name,
            timestamp: stamp(r.s_timestamp),
            message: r.s_message,
            data: parse(r.s_data),
            state_details: { ...STATE_DETAILS_DEFAULTS, ...parse(r.s_state_details) },
          },
    job_variables: parse(r.job_variables),
  };
}

const STATE_COLUMNS = 's.id AS s_id, s.type AS s_type, s.name AS s_name, s.timestamp AS s_timestamp, s.message AS s_message, s.data AS s_data, s.state_details AS s_state_details';

function postgres(url: string): Dialect {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const query = async (sql: string, values: unknown[]) => (await pool.query(sql, values)).rows;
  return {
    flat: () =>
      query(
        `SELECT fr.*, ${STATE_COLUMNS} FROM flow_run fr LEFT JOIN flow_run_state s ON s.id = fr.state_id
         WHERE fr.state_type = ANY($1)
           AND EXISTS (SELECT 1 FROM flow_run_tag t WHERE t.flow_run_id = fr.id AND t.tag = $2)
           AND EXISTS (SELECT 1 FROM flow f WHERE f.id = fr.flow_id AND f.name ILIKE $3)
         ORDER BY fr.expected_start_time DESC, fr.id DESC LIMIT $4`,
        [FLAT.stateTypes, FLAT.tag, `%${FLAT.flowName}%`, FLAT.limit],
      ),
    nested: async () =>
      (
        await query(
          `SELECT coalesce(json_agg(json_build_object('id', f.id, 'name', f.name, 'flow_runs', runs.list) ORDER BY f.name, f.id), '[]')::text AS data
           FROM (SELECT id, name FROM flow ORDER BY name, id LIMIT $1) f
           CROSS JOIN LATERAL (
             SELECT coalesce(json_agg(json_build_object(
                      'id', r.id, 'name', r.name,
                      'state', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('type', s.type, 'name', s.name, 'timestamp', s.timestamp) END,
                      'task_runs', tasks.list) ORDER BY r.expected_start_time DESC, r.id DESC), '[]') AS list
             FROM (SELECT id, name, state_id, expected_start_time FROM flow_run WHERE flow_id = f.id
                   ORDER BY expected_start_time DESC, id DESC LIMIT $2) r
             LEFT JOIN flow_run_state s ON s.id = r.state_id
             CROSS JOIN LATERAL (
               SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name,
                        'state', CASE WHEN ts.id IS NULL THEN NULL ELSE json_build_object('type', ts.type, 'name', ts.name) END) ORDER BY t.id DESC), '[]') AS list
               FROM (SELECT id, name, state_id FROM task_run WHERE flow_run_id = r.id ORDER BY id DESC LIMIT $3) t
               LEFT JOIN task_run_state ts ON ts.id = t.state_id
             ) tasks
           ) runs`,
          [NESTED.flows, NESTED.runs, NESTED.tasks],
        )
      )[0].data,
    count: async () =>
      (
        await query(
          `SELECT count(*)::int AS n FROM flow_run fr WHERE fr.state_type = ANY($1)
             AND EXISTS (SELECT 1 FROM flow_run_tag t WHERE t.flow_run_id = fr.id AND t.tag = $2)`,
          [COUNT.stateTypes, COUNT.tag],
        )
      )[0].n,
    history: () =>
      query(
        `SELECT floor(extract(epoch FROM expected_start_time - $1::timestamptz) / $3)::int AS bucket, state_type, state_name,
                count(*)::int AS count_runs,
                sum(total_run_time + CASE WHEN state_type = 'RUNNING' THEN extract(epoch FROM now() - start_time) ELSE 0 END)::float8 AS run_time,
                sum(CASE WHEN start_time IS NOT NULL THEN greatest(0, extract(epoch FROM start_time - expected_start_time))
                         ELSE greatest(0, extract(epoch FROM now() - expected_start_time)) END)::float8 AS lateness
         FROM flow_run WHERE expected_start_time >= $1 AND expected_start_time < $2
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        [HISTORY.start, HISTORY.end, HISTORY.intervalSeconds],
      ),
  };
}

function sqlite(file: string): Dialect {
  const db = new Database(file, { readonly: true, timeout: 60_000 });
  const sqliteTime = (d: Date) => d.toISOString().replace('Z', '+00:00');
  const flat = db.prepare(
    `SELECT fr.*, ${STATE_COLUMNS} FROM flow_run fr LEFT JOIN flow_run_state s ON s.id = fr.state_id
     WHERE fr.state_type IN (${FLAT.stateTypes.map(() => '?').join(', ')})
       AND EXISTS (SELECT 1 FROM flow_run_tag t WHERE t.flow_run_id = fr.id AND t.tag = ?)
       AND EXISTS (SELECT 1 FROM flow f WHERE f.id = fr.flow_id AND f.name LIKE ?)
     ORDER BY fr.expected_start_time DESC, fr.id DESC LIMIT ?`,
  );
  // Subquery results lose SQLite's JSON subtype: json(...) marks them as JSON again.
  const nested = db.prepare(
    `SELECT coalesce(json_group_array(json(flow_json)), '[]') AS data FROM (
       SELECT json_object('id', f.id, 'name', f.name, 'flow_runs', json((
         SELECT coalesce(json_group_array(json(run_json)), '[]') FROM (
           SELECT json_object('id', r.id, 'name', r.name,
             'state', json((SELECT json_object('type', s.type, 'name', s.name, 'timestamp', s.timestamp) FROM flow_run_state s WHERE s.id = r.state_id)),
             'task_runs', json((
               SELECT coalesce(json_group_array(json(task_json)), '[]') FROM (
                 SELECT json_object('id', t.id, 'name', t.name,
                   'state', json((SELECT json_object('type', ts.type, 'name', ts.name) FROM task_run_state ts WHERE ts.id = t.state_id))) AS task_json
                 FROM task_run t WHERE t.flow_run_id = r.id ORDER BY t.id DESC LIMIT @tasks)))) AS run_json
           FROM flow_run r WHERE r.flow_id = f.id ORDER BY r.expected_start_time DESC, r.id DESC LIMIT @runs)))) AS flow_json
       FROM flow f ORDER BY f.name, f.id LIMIT @flows)`,
  );
  const count = db.prepare(
    `SELECT count(*) AS n FROM flow_run fr WHERE fr.state_type IN (${COUNT.stateTypes.map(() => '?').join(', ')})
       AND EXISTS (SELECT 1 FROM flow_run_tag t WHERE t.flow_run_id = fr.id AND t.tag = ?)`,
  );
  const history = db.prepare(
    `SELECT CAST((julianday(expected_start_time) - julianday(@start)) * 86400 / @step AS INTEGER) AS bucket, state_type, state_name,
            count(*) AS count_runs,
            sum(total_run_time + CASE WHEN state_type = 'RUNNING' THEN (julianday('now') - julianday(start_time)) * 86400 ELSE 0 END) AS run_time,
            sum(CASE WHEN start_time IS NOT NULL THEN max(0, (julianday(start_time) - julianday(expected_start_time)) * 86400)
                     ELSE max(0, (julianday('now') - julianday(expected_start_time)) * 86400) END) AS lateness
     FROM flow_run WHERE expected_start_time >= @start AND expected_start_time < @end
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  return {
    flat: async () => flat.all(...FLAT.stateTypes, FLAT.tag, `%${FLAT.flowName}%`, FLAT.limit) as Row[],
    nested: async () => (nested.get({ flows: NESTED.flows, runs: NESTED.runs, tasks: NESTED.tasks }) as Row).data,
    count: async () => (count.get(...COUNT.stateTypes, COUNT.tag) as Row).n,
    history: async () => history.all({ start: sqliteTime(HISTORY.start), end: sqliteTime(HISTORY.end), step: HISTORY.intervalSeconds }) as Row[],
  };
}

/** Prefect's history buckets (every interval, empty ones too) from the grouped rows. */
function historyJson(rows: Row[]) {
  const step = HISTORY.intervalSeconds * 1000;
  const buckets = Math.ceil((HISTORY.end.getTime() - HISTORY.start.getTime()) / step);
  return Array.from({ length: buckets }, (_, i) => ({
    interval_start: stamp(new Date(HISTORY.start.getTime() + i * step)),
    interval_end: stamp(new Date(HISTORY.start.getTime() + (i + 1) * step)),
    states: rows
      .filter((r) => r.bucket === i)
      .map((r) => ({ state_type: r.state_type, state_name: r.state_name, count_runs: r.count_runs, sum_estimated_run_time: r.run_time, sum_estimated_lateness: r.lateness })),
  }));
}

function floorHandler(dialect: Dialect): http.RequestListener {
  const answers: Record<string, () => Promise<string>> = {
    '/flat-rest': async () => JSON.stringify((await dialect.flat()).map(flowRunJson)),
    '/flat-graphql': async () => JSON.stringify({ data: { read_flow_runs: (await dialect.flat()).map(flowRunJson) } }),
    '/nested': async () => `{"data":{"read_flows":${await dialect.nested()}}}`,
    '/count': async () => JSON.stringify(await dialect.count()),
    '/history': async () => JSON.stringify(historyJson(await dialect.history())),
  };
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        // Read the body as a real server would (and ignore it: the SQL is fixed).
        if (chunks.length) JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const answer = answers[req.url ?? ''];
        if (!answer) {
          res.writeHead(404).end();
          return;
        }
        const body = await answer();
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      } catch (error) {
        console.error(error);
        res.writeHead(500).end();
      }
    });
  };
}

const [url, port] = process.argv.slice(2);
const target = parseDatabaseUrl(url);
const dialect = target.provider === 'sqlite' ? sqlite(target.file) : postgres(target.url);
http.createServer(floorHandler(dialect)).listen(Number(port), '127.0.0.1', () => console.log(`floor on ${port}`));
