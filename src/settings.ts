// Every PREFECT_* variable this server honours, with Prefect's names, aliases and
// defaults. This is the only module that reads process.env.
import os from 'node:os';
import path from 'node:path';

type Kind = 'string' | 'int' | 'float' | 'bool' | 'path' | 'duration';
type Value = string | number | boolean | null;

interface SettingSpec {
  /** Dotted place in Prefect's settings object (`server.api.port`). */
  key: string;
  /** Environment names, current name first, then older aliases. */
  env: string[];
  kind: Kind;
  default: Value;
  /** Shown as "**********" by GET /admin/settings. */
  secret?: boolean;
}

const spec: SettingSpec[] = [
  { key: 'home', env: ['PREFECT_HOME'], kind: 'path', default: path.join(os.homedir(), '.prefect') },
  { key: 'debug_mode', env: ['PREFECT_DEBUG_MODE'], kind: 'bool', default: false },
  { key: 'api.url', env: ['PREFECT_API_URL'], kind: 'string', default: null },
  { key: 'api.auth_string', env: ['PREFECT_API_AUTH_STRING'], kind: 'string', default: null, secret: true },
  { key: 'api.key', env: ['PREFECT_API_KEY'], kind: 'string', default: null, secret: true },
  { key: 'logging.level', env: ['PREFECT_LOGGING_LEVEL'], kind: 'string', default: 'INFO' },
  { key: 'server.logging_level', env: ['PREFECT_SERVER_LOGGING_LEVEL', 'PREFECT_LOGGING_SERVER_LEVEL'], kind: 'string', default: 'WARNING' },
  { key: 'server.metrics_enabled', env: ['PREFECT_SERVER_METRICS_ENABLED', 'PREFECT_API_ENABLE_METRICS'], kind: 'bool', default: false },
  { key: 'server.log_retryable_errors', env: ['PREFECT_SERVER_LOG_RETRYABLE_ERRORS', 'PREFECT_API_LOG_RETRYABLE_ERRORS'], kind: 'bool', default: false },
  { key: 'server.api.host', env: ['PREFECT_SERVER_API_HOST'], kind: 'string', default: '127.0.0.1' },
  { key: 'server.api.port', env: ['PREFECT_SERVER_API_PORT'], kind: 'int', default: 4200 },
  { key: 'server.api.base_path', env: ['PREFECT_SERVER_API_BASE_PATH'], kind: 'string', default: null },
  { key: 'server.api.auth_string', env: ['PREFECT_SERVER_API_AUTH_STRING'], kind: 'string', default: null, secret: true },
  { key: 'server.api.default_limit', env: ['PREFECT_SERVER_API_DEFAULT_LIMIT', 'PREFECT_API_DEFAULT_LIMIT'], kind: 'int', default: 200 },
  { key: 'server.api.keepalive_timeout', env: ['PREFECT_SERVER_API_KEEPALIVE_TIMEOUT'], kind: 'int', default: 5 },
  // Ours (Prefect leaves it to uvicorn): seconds SIGTERM waits for requests in flight.
  { key: 'server.api.shutdown_timeout', env: ['PREFECT_SERVER_API_SHUTDOWN_TIMEOUT'], kind: 'float', default: 10 },
  { key: 'server.api.cors_allowed_origins', env: ['PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS', 'PREFECT_SERVER_CORS_ALLOWED_ORIGINS'], kind: 'string', default: '*' },
  { key: 'server.api.cors_allowed_methods', env: ['PREFECT_SERVER_API_CORS_ALLOWED_METHODS', 'PREFECT_SERVER_CORS_ALLOWED_METHODS'], kind: 'string', default: '*' },
  { key: 'server.api.cors_allowed_headers', env: ['PREFECT_SERVER_API_CORS_ALLOWED_HEADERS', 'PREFECT_SERVER_CORS_ALLOWED_HEADERS'], kind: 'string', default: '*' },
  { key: 'server.api.max_parameter_size', env: ['PREFECT_SERVER_API_MAX_PARAMETER_SIZE'], kind: 'int', default: 524288 },
  // The task-run recorder (events §4.5).
  {
    key: 'server.services.task_run_recorder.enabled',
    env: ['PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED', 'PREFECT_API_SERVICES_TASK_RUN_RECORDER_ENABLED'],
    kind: 'bool',
    default: true,
  },
  { key: 'server.services.task_run_recorder.read_batch_size', env: ['PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE'], kind: 'int', default: 1 },
  { key: 'server.services.task_run_recorder.batch_size', env: ['PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE'], kind: 'int', default: 1 },
  { key: 'server.services.task_run_recorder.flush_interval', env: ['PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL'], kind: 'float', default: 5 },
  // Ours (Prefect has none): bounds on one REST request's work. See src/rest/http.ts and src/filters/limits.ts.
  { key: 'server.api.max_body_bytes', env: ['PREFECT_SERVER_API_MAX_BODY_BYTES'], kind: 'int', default: 10 * 1024 * 1024 },
  { key: 'server.api.max_json_depth', env: ['PREFECT_SERVER_API_MAX_JSON_DEPTH'], kind: 'int', default: 500 },
  { key: 'server.api.max_filter_values', env: ['PREFECT_SERVER_API_MAX_FILTER_VALUES'], kind: 'int', default: 5000 },
  { key: 'server.api.max_filter_all_values', env: ['PREFECT_SERVER_API_MAX_FILTER_ALL_VALUES'], kind: 'int', default: 10 },
  { key: 'server.register_blocks_on_start', env: ['PREFECT_SERVER_REGISTER_BLOCKS_ON_START', 'PREFECT_API_BLOCKS_REGISTER_ON_START'], kind: 'bool', default: true },
  { key: 'server.api.csrf_protection_enabled', env: ['PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED', 'PREFECT_SERVER_CSRF_PROTECTION_ENABLED'], kind: 'bool', default: false },
  { key: 'server.api.csrf_token_expiration', env: ['PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION', 'PREFECT_SERVER_CSRF_TOKEN_EXPIRATION'], kind: 'duration', default: 3600 },
  // Ours: limits of the GraphQL door (graphql-armor), checked before anything runs.
  { key: 'server.graphql.max_depth', env: ['PREFECT_SERVER_GRAPHQL_MAX_DEPTH'], kind: 'int', default: 10 },
  { key: 'server.graphql.max_introspection_depth', env: ['PREFECT_SERVER_GRAPHQL_MAX_INTROSPECTION_DEPTH'], kind: 'int', default: 25 },
  { key: 'server.graphql.max_aliases', env: ['PREFECT_SERVER_GRAPHQL_MAX_ALIASES'], kind: 'int', default: 15 },
  { key: 'server.graphql.max_cost', env: ['PREFECT_SERVER_GRAPHQL_MAX_COST'], kind: 'int', default: 5000 },
  { key: 'server.graphql.max_field_values', env: ['PREFECT_SERVER_GRAPHQL_MAX_FIELD_VALUES'], kind: 'int', default: 100000 },
  { key: 'server.graphql.max_tokens', env: ['PREFECT_SERVER_GRAPHQL_MAX_TOKENS'], kind: 'int', default: 2000 },
  { key: 'server.graphql.max_directives', env: ['PREFECT_SERVER_GRAPHQL_MAX_DIRECTIVES'], kind: 'int', default: 50 },
  { key: 'server.graphql.execution_timeout', env: ['PREFECT_SERVER_GRAPHQL_EXECUTION_TIMEOUT'], kind: 'float', default: 30 },
  { key: 'server.graphql.introspection_enabled', env: ['PREFECT_SERVER_GRAPHQL_INTROSPECTION_ENABLED'], kind: 'bool', default: true },
  { key: 'server.graphql.graphiql_enabled', env: ['PREFECT_SERVER_GRAPHQL_GRAPHIQL_ENABLED'], kind: 'bool', default: true },
  // Ours: answer a query of marked fields with one SQL statement per root field (src/graphql/sql-reads).
  { key: 'server.graphql.sql_reads_enabled', env: ['PREFECT_SERVER_GRAPHQL_SQL_READS_ENABLED'], kind: 'bool', default: true },
  { key: 'server.database.connection_url', env: ['PREFECT_SERVER_DATABASE_CONNECTION_URL', 'PREFECT_API_DATABASE_CONNECTION_URL'], kind: 'string', secret: true, default: null },
  { key: 'server.database.driver', env: ['PREFECT_SERVER_DATABASE_DRIVER', 'PREFECT_API_DATABASE_DRIVER'], kind: 'string', default: null },
  { key: 'server.database.host', env: ['PREFECT_SERVER_DATABASE_HOST', 'PREFECT_API_DATABASE_HOST'], kind: 'string', default: null },
  { key: 'server.database.port', env: ['PREFECT_SERVER_DATABASE_PORT', 'PREFECT_API_DATABASE_PORT'], kind: 'int', default: null },
  { key: 'server.database.user', env: ['PREFECT_SERVER_DATABASE_USER', 'PREFECT_API_DATABASE_USER'], kind: 'string', default: null },
  { key: 'server.database.name', env: ['PREFECT_SERVER_DATABASE_NAME', 'PREFECT_API_DATABASE_NAME'], kind: 'string', default: null },
  { key: 'server.database.password', env: ['PREFECT_SERVER_DATABASE_PASSWORD', 'PREFECT_API_DATABASE_PASSWORD'], kind: 'string', default: null, secret: true },
  { key: 'server.database.echo', env: ['PREFECT_SERVER_DATABASE_ECHO', 'PREFECT_API_DATABASE_ECHO'], kind: 'bool', default: false },
  { key: 'server.database.migrate_on_start', env: ['PREFECT_SERVER_DATABASE_MIGRATE_ON_START', 'PREFECT_API_DATABASE_MIGRATE_ON_START'], kind: 'bool', default: true },
  { key: 'server.database.timeout', env: ['PREFECT_SERVER_DATABASE_TIMEOUT', 'PREFECT_API_DATABASE_TIMEOUT'], kind: 'float', default: 10.0 },
  { key: 'server.database.connection_timeout', env: ['PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT', 'PREFECT_API_DATABASE_CONNECTION_TIMEOUT'], kind: 'float', default: 5.0 },
  { key: 'server.database.sqlalchemy.pool_size', env: ['PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE', 'PREFECT_SQLALCHEMY_POOL_SIZE'], kind: 'int', default: 5 },
  { key: 'server.database.sqlalchemy.max_overflow', env: ['PREFECT_SERVER_DATABASE_SQLALCHEMY_MAX_OVERFLOW', 'PREFECT_SQLALCHEMY_MAX_OVERFLOW'], kind: 'int', default: 10 },
  { key: 'server.database.sqlalchemy.pool_recycle', env: ['PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_RECYCLE'], kind: 'int', default: 3600 },
  { key: 'server.database.sqlalchemy.pool_timeout', env: ['PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT'], kind: 'float', default: 30.0 },
  { key: 'server.ui.enabled', env: ['PREFECT_SERVER_UI_ENABLED', 'PREFECT_UI_ENABLED'], kind: 'bool', default: true },
  { key: 'server.ui.api_url', env: ['PREFECT_SERVER_UI_API_URL', 'PREFECT_UI_API_URL'], kind: 'string', default: null },
  { key: 'server.ui.v2_enabled', env: ['PREFECT_SERVER_UI_V2_ENABLED'], kind: 'bool', default: true },
  { key: 'server.ui.serve_base', env: ['PREFECT_SERVER_UI_SERVE_BASE', 'PREFECT_UI_SERVE_BASE'], kind: 'string', default: '/' },
  {
    key: 'server.tasks.tag_concurrency_slot_wait_seconds',
    env: ['PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS', 'PREFECT_TASK_RUN_TAG_CONCURRENCY_SLOT_WAIT_SECONDS'],
    kind: 'float',
    default: 10,
  },
  { key: 'server.concurrency.maximum_concurrency_slot_wait_seconds', env: ['PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS'], kind: 'float', default: 30 },
  { key: 'server.services.repossessor.enabled', env: ['PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED'], kind: 'bool', default: true },
  { key: 'server.services.repossessor.loop_seconds', env: ['PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS'], kind: 'float', default: 15 },
  // The foreman (deployments-and-work-pools §3.1, §3.7): worker, pool, queue and deployment statuses.
  { key: 'server.services.foreman.enabled', env: ['PREFECT_SERVER_SERVICES_FOREMAN_ENABLED', 'PREFECT_API_SERVICES_FOREMAN_ENABLED'], kind: 'bool', default: true },
  { key: 'server.services.foreman.loop_seconds', env: ['PREFECT_SERVER_SERVICES_FOREMAN_LOOP_SECONDS', 'PREFECT_API_SERVICES_FOREMAN_LOOP_SECONDS'], kind: 'float', default: 15 },
  {
    key: 'server.services.foreman.inactivity_heartbeat_multiple',
    env: ['PREFECT_SERVER_SERVICES_FOREMAN_INACTIVITY_HEARTBEAT_MULTIPLE', 'PREFECT_API_SERVICES_FOREMAN_INACTIVITY_HEARTBEAT_MULTIPLE'],
    kind: 'int',
    default: 3,
  },
  {
    key: 'server.services.foreman.fallback_heartbeat_interval_seconds',
    env: ['PREFECT_SERVER_SERVICES_FOREMAN_FALLBACK_HEARTBEAT_INTERVAL_SECONDS', 'PREFECT_API_SERVICES_FOREMAN_FALLBACK_HEARTBEAT_INTERVAL_SECONDS'],
    kind: 'int',
    default: 30,
  },
  {
    key: 'server.services.foreman.deployment_last_polled_timeout_seconds',
    env: ['PREFECT_SERVER_SERVICES_FOREMAN_DEPLOYMENT_LAST_POLLED_TIMEOUT_SECONDS', 'PREFECT_API_SERVICES_FOREMAN_DEPLOYMENT_LAST_POLLED_TIMEOUT_SECONDS'],
    kind: 'int',
    default: 60,
  },
  {
    key: 'server.services.foreman.work_queue_last_polled_timeout_seconds',
    env: ['PREFECT_SERVER_SERVICES_FOREMAN_WORK_QUEUE_LAST_POLLED_TIMEOUT_SECONDS', 'PREFECT_API_SERVICES_FOREMAN_WORK_QUEUE_LAST_POLLED_TIMEOUT_SECONDS'],
    kind: 'int',
    default: 60,
  },
  // The scheduler and late-runs services (deployments-and-work-pools §3.1); durations in seconds.
  { key: 'server.services.scheduler.enabled', env: ['PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED', 'PREFECT_API_SERVICES_SCHEDULER_ENABLED'], kind: 'bool', default: true },
  {
    key: 'server.services.scheduler.loop_seconds',
    env: ['PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS', 'PREFECT_API_SERVICES_SCHEDULER_LOOP_SECONDS'],
    kind: 'float',
    default: 60,
  },
  {
    key: 'server.services.scheduler.deployment_batch_size',
    env: ['PREFECT_SERVER_SERVICES_SCHEDULER_DEPLOYMENT_BATCH_SIZE', 'PREFECT_API_SERVICES_SCHEDULER_DEPLOYMENT_BATCH_SIZE'],
    kind: 'int',
    default: 100,
  },
  { key: 'server.services.scheduler.max_runs', env: ['PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS', 'PREFECT_API_SERVICES_SCHEDULER_MAX_RUNS'], kind: 'int', default: 100 },
  { key: 'server.services.scheduler.min_runs', env: ['PREFECT_SERVER_SERVICES_SCHEDULER_MIN_RUNS', 'PREFECT_API_SERVICES_SCHEDULER_MIN_RUNS'], kind: 'int', default: 3 },
  {
    key: 'server.services.scheduler.max_scheduled_time',
    env: ['PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME', 'PREFECT_API_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME'],
    kind: 'duration',
    default: 100 * 86400,
  },
  {
    key: 'server.services.scheduler.min_scheduled_time',
    env: ['PREFECT_SERVER_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME', 'PREFECT_API_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME'],
    kind: 'duration',
    default: 3600,
  },
  {
    key: 'server.services.scheduler.insert_batch_size',
    env: ['PREFECT_SERVER_SERVICES_SCHEDULER_INSERT_BATCH_SIZE', 'PREFECT_API_SERVICES_SCHEDULER_INSERT_BATCH_SIZE'],
    kind: 'int',
    default: 500,
  },
  { key: 'server.services.scheduler.recent_deployments_loop_seconds', env: ['PREFECT_SERVER_SERVICES_SCHEDULER_RECENT_DEPLOYMENTS_LOOP_SECONDS'], kind: 'float', default: 5 },
  { key: 'server.services.late_runs.enabled', env: ['PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED', 'PREFECT_API_SERVICES_LATE_RUNS_ENABLED'], kind: 'bool', default: true },
  {
    key: 'server.services.late_runs.loop_seconds',
    env: ['PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS', 'PREFECT_API_SERVICES_LATE_RUNS_LOOP_SECONDS'],
    kind: 'float',
    default: 5,
  },
  {
    key: 'server.services.late_runs.after_seconds',
    env: ['PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS', 'PREFECT_API_SERVICES_LATE_RUNS_AFTER_SECONDS'],
    kind: 'duration',
    default: 15,
  },
  {
    key: 'server.deployments.max_scheduled_runs',
    env: ['PREFECT_SERVER_DEPLOYMENT_SCHEDULE_MAX_SCHEDULED_RUNS', 'PREFECT_DEPLOYMENT_SCHEDULE_MAX_SCHEDULED_RUNS'],
    kind: 'int',
    default: 50,
  },
  // Events (events §1.2, §2.4, §2.5): validation bounds, retention, the persister and the vacuum.
  {
    key: 'server.events.maximum_labels_per_resource',
    env: ['PREFECT_SERVER_EVENTS_MAXIMUM_LABELS_PER_RESOURCE', 'PREFECT_EVENTS_MAXIMUM_LABELS_PER_RESOURCE'],
    kind: 'int',
    default: 500,
  },
  {
    key: 'server.events.maximum_related_resources',
    env: ['PREFECT_SERVER_EVENTS_MAXIMUM_RELATED_RESOURCES', 'PREFECT_EVENTS_MAXIMUM_RELATED_RESOURCES'],
    kind: 'int',
    default: 100,
  },
  { key: 'server.events.maximum_size_bytes', env: ['PREFECT_SERVER_EVENTS_MAXIMUM_SIZE_BYTES', 'PREFECT_EVENTS_MAXIMUM_SIZE_BYTES'], kind: 'int', default: 1_500_000 },
  { key: 'server.events.retention_period', env: ['PREFECT_SERVER_EVENTS_RETENTION_PERIOD', 'PREFECT_EVENTS_RETENTION_PERIOD'], kind: 'duration', default: 7 * 86400 },
  {
    key: 'server.events.related_resource_cache_ttl',
    env: ['PREFECT_SERVER_EVENTS_RELATED_RESOURCE_CACHE_TTL', 'PREFECT_API_EVENTS_RELATED_RESOURCE_CACHE_TTL'],
    kind: 'duration',
    default: 300,
  },
  { key: 'server.events.maximum_event_name_length', env: ['PREFECT_SERVER_EVENTS_MAXIMUM_EVENT_NAME_LENGTH'], kind: 'int', default: 1024 },
  {
    key: 'server.events.maximum_websocket_backfill',
    env: ['PREFECT_SERVER_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL', 'PREFECT_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL'],
    kind: 'duration',
    default: 900,
  },
  {
    key: 'server.events.websocket_backfill_page_size',
    env: ['PREFECT_SERVER_EVENTS_WEBSOCKET_BACKFILL_PAGE_SIZE', 'PREFECT_EVENTS_WEBSOCKET_BACKFILL_PAGE_SIZE'],
    kind: 'int',
    default: 250,
  },
  { key: 'server.events.stream_out_enabled', env: ['PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED', 'PREFECT_API_EVENTS_STREAM_OUT_ENABLED'], kind: 'bool', default: true },
  // Automation actions (events §6.9): may webhooks and notifications reach private, loopback and link-local addresses (not Prefect's; off by default).
  { key: 'server.events.actions_allow_private_targets', env: ['PREFECT_SERVER_EVENTS_ACTIONS_ALLOW_PRIVATE_TARGETS'], kind: 'bool', default: false },
  {
    key: 'server.services.event_persister.enabled',
    env: ['PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED', 'PREFECT_API_SERVICES_EVENT_PERSISTER_ENABLED'],
    kind: 'bool',
    default: true,
  },
  {
    key: 'server.services.event_persister.batch_size',
    env: ['PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE', 'PREFECT_API_SERVICES_EVENT_PERSISTER_BATCH_SIZE'],
    kind: 'int',
    default: 20,
  },
  {
    key: 'server.services.event_persister.read_batch_size',
    env: ['PREFECT_SERVER_SERVICES_EVENT_PERSISTER_READ_BATCH_SIZE', 'PREFECT_API_SERVICES_EVENT_PERSISTER_READ_BATCH_SIZE'],
    kind: 'int',
    default: 1,
  },
  {
    key: 'server.services.event_persister.flush_interval',
    env: ['PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL', 'PREFECT_API_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL'],
    kind: 'float',
    default: 5,
  },
  { key: 'server.services.event_persister.queue_max_size', env: ['PREFECT_SERVER_SERVICES_EVENT_PERSISTER_QUEUE_MAX_SIZE'], kind: 'int', default: 50_000 },
  { key: 'server.services.event_persister.max_flush_retries', env: ['PREFECT_SERVER_SERVICES_EVENT_PERSISTER_MAX_FLUSH_RETRIES'], kind: 'int', default: 5 },
  // The trigger engine (events §6.1, §6.5, §6.7): the service switch, its LISTEN connection, proactive passes and the bucket sweep.
  { key: 'server.services.triggers.enabled', env: ['PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED', 'PREFECT_API_SERVICES_TRIGGERS_ENABLED'], kind: 'bool', default: true },
  { key: 'server.services.triggers.read_batch_size', env: ['PREFECT_SERVER_SERVICES_TRIGGERS_READ_BATCH_SIZE'], kind: 'int', default: 1 },
  {
    key: 'server.services.triggers.pg_notify_reconnect_interval_seconds',
    env: ['PREFECT_SERVER_SERVICES_TRIGGERS_PG_NOTIFY_RECONNECT_INTERVAL_SECONDS'],
    kind: 'int',
    default: 10,
  },
  { key: 'server.services.triggers.pg_notify_heartbeat_interval_seconds', env: ['PREFECT_SERVER_SERVICES_TRIGGERS_PG_NOTIFY_HEARTBEAT_INTERVAL_SECONDS'], kind: 'int', default: 5 },
  { key: 'server.events.expired_bucket_buffer', env: ['PREFECT_SERVER_EVENTS_EXPIRED_BUCKET_BUFFER', 'PREFECT_EVENTS_EXPIRED_BUCKET_BUFFER'], kind: 'duration', default: 60 },
  { key: 'server.events.proactive_granularity', env: ['PREFECT_SERVER_EVENTS_PROACTIVE_GRANULARITY', 'PREFECT_EVENTS_PROACTIVE_GRANULARITY'], kind: 'duration', default: 5 },
  { key: 'server.services.db_vacuum.enabled', env: ['PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED'], kind: 'string', default: 'events' },
  { key: 'server.services.db_vacuum.loop_seconds', env: ['PREFECT_SERVER_SERVICES_DB_VACUUM_LOOP_SECONDS'], kind: 'float', default: 3600 },
  { key: 'server.services.db_vacuum.batch_size', env: ['PREFECT_SERVER_SERVICES_DB_VACUUM_BATCH_SIZE'], kind: 'int', default: 200 },
  {
    key: 'server.services.db_vacuum.event_retention_overrides',
    env: ['PREFECT_SERVER_SERVICES_DB_VACUUM_EVENT_RETENTION_OVERRIDES'],
    kind: 'string',
    default: '{"prefect.flow-run.heartbeat": 604800}',
  },
];

export class SettingsError extends Error {}

const TRUE = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE = new Set(['false', '0', 'no', 'off', 'f', 'n']);

function parse(kind: Kind, name: string, raw: string): Value {
  const text = raw.trim();
  switch (kind) {
    case 'bool': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      throw new SettingsError(`${name}=${raw} is not a boolean (use true or false)`);
    }
    case 'int':
    case 'float': {
      const n = Number(text);
      if (text === '' || !Number.isFinite(n) || (kind === 'int' && !Number.isInteger(n))) {
        throw new SettingsError(`${name}=${raw} is not ${kind === 'int' ? 'an integer' : 'a number'}`);
      }
      return n;
    }
    case 'duration':
      return parseDuration(name, raw);
    case 'path':
      return path.resolve(text.replace(/^~(?=$|\/)/, os.homedir()));
    default:
      return raw;
  }
}

/** Pydantic's timedelta inputs: seconds (`3600`), ISO 8601 (`PT1H`, `P1DT30M`) or `[-]HH:MM[:SS]`. */
function parseDuration(name: string, raw: string): number {
  const text = raw.trim();
  if (text !== '' && Number.isFinite(Number(text))) return Number(text);
  const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
  if (iso && text.toUpperCase() !== 'P' && !text.toUpperCase().endsWith('T')) {
    const [d, h, m, s] = iso.slice(1).map((x) => Number(x ?? 0));
    return d * 86400 + h * 3600 + m * 60 + s;
  }
  const clock = /^(-?)(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$/.exec(text);
  if (clock) return (clock[1] ? -1 : 1) * (Number(clock[2]) * 3600 + Number(clock[3]) * 60 + Number(clock[4] ?? 0));
  throw new SettingsError(`${name}=${raw} is not a duration (use seconds, or ISO 8601 such as PT1H)`);
}

/** Seconds → ISO 8601 as Pydantic prints a timedelta (`PT1H`, `P1DT30M`, `PT0S`). */
function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const secs = Math.round((rest - minutes * 60) * 1e6) / 1e6;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${secs ? `${secs}S` : ''}`;
  if (!days && !time) return 'PT0S';
  return `${sign}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/** Reads the environment once; keys are Prefect's dotted setting names. */
function readValues(env: NodeJS.ProcessEnv): Record<string, Value> {
  const byUpper = new Map(Object.entries(env).map(([k, v]) => [k.toUpperCase(), v]));
  const values: Record<string, Value> = {};
  for (const s of spec) {
    const name = s.env.find((n) => byUpper.get(n) !== undefined);
    const raw = name === undefined ? undefined : byUpper.get(name)!;
    values[s.key] = raw === undefined ? s.default : parse(s.kind, name!, raw);
  }
  return values;
}

/** Prefect composes a URL from driver/host/user/name when none is given. */
function databaseUrl(v: Record<string, Value>): string {
  const password = v['server.database.password'] as string | null;
  let url = v['server.database.connection_url'] as string | null;
  if (url === null) {
    const driver = v['server.database.driver'] as string | null;
    if (driver === null) {
      url = `sqlite+aiosqlite:///${path.join(v.home as string, 'prefect.db')}`;
    } else if (driver === 'sqlite+aiosqlite') {
      url = `sqlite+aiosqlite:///${v['server.database.name'] ?? path.join(v.home as string, 'prefect.db')}`;
    } else if (driver === 'postgresql+asyncpg') {
      const { 'server.database.host': host, 'server.database.user': user, 'server.database.name': name } = v;
      if (!host || !user || !name) {
        throw new SettingsError('PREFECT_SERVER_DATABASE_DRIVER=postgresql+asyncpg needs PREFECT_SERVER_DATABASE_HOST, _USER and _NAME');
      }
      const auth = password === null ? encodeURIComponent(String(user)) : `${encodeURIComponent(String(user))}:${encodeURIComponent(password)}`;
      url = `postgresql+asyncpg://${auth}@${host}:${v['server.database.port'] ?? 5432}/${name}`;
    } else {
      throw new SettingsError(`PREFECT_SERVER_DATABASE_DRIVER=${driver} is not supported: use postgresql+asyncpg or sqlite+aiosqlite`);
    }
  }
  for (const placeholder of ['${PREFECT_SERVER_DATABASE_PASSWORD}', '${PREFECT_API_DATABASE_PASSWORD}']) {
    if (url.includes(placeholder)) {
      if (password === null) throw new SettingsError(`the database URL refers to ${placeholder} but no password is set`);
      url = url.split(placeholder).join(encodeURIComponent(password));
    }
  }
  return url;
}

export interface Settings {
  home: string;
  api: {
    host: string;
    port: number;
    basePath: string;
    authString: string | null;
    defaultLimit: number;
    keepaliveTimeout: number;
    /** GET {basePath}/metrics (Prometheus text) is served. */
    metricsEnabled: boolean;
    /** Seconds a shutdown waits for requests in flight before closing their connections. */
    shutdownTimeout: number;
    maxParameterSize: number;
    /** REST bodies larger than this are refused with 413 while being read. */
    maxBodyBytes: number;
    /** JSON nested deeper than this is refused with 422 before it is parsed. */
    maxJsonDepth: number;
    /** Values across the list operators (any_, not_any_, all_, ...) of one filter argument. */
    maxFilterValues: number;
    /** Values across the all_ operators of one filter argument: each costs a sub-query. */
    maxFilterAllValues: number;
  };
  cors: { origins: string[]; methods: string[]; headers: string[] };
  /** The task-run recorder service (events §4.5); flushInterval in seconds. */
  taskRunRecorder: { enabled: boolean; readBatchSize: number; batchSize: number; flushInterval: number };
  /** Register the built-in block types at start (blocks §6.1). */
  blocks: { registerOnStart: boolean };
  /** What GET /ui-settings reports (blocks-and-ui-routes §12); apiUrl already defaulted as Prefect does. */
  ui: { enabled: boolean; v2Enabled: boolean; apiUrl: string; serveBase: string };
  /** CSRF protection (conventions §1.10); the token lifetime in seconds. */
  csrf: { enabled: boolean; tokenExpiration: number };
  /** Limits of the GraphQL door; the execution timeout in seconds. */
  graphql: {
    maxDepth: number;
    maxIntrospectionDepth: number;
    maxAliases: number;
    maxCost: number;
    /** Field values a query may ask for, lists counted at their limit (result-size.ts). */
    maxFieldValues: number;
    maxTokens: number;
    maxDirectives: number;
    executionTimeout: number;
    introspection: boolean;
    graphiql: boolean;
    /** Queries of marked fields run as one SQL statement per root field. */
    sqlReads: boolean;
  };
  database: {
    url: string;
    timeout: number;
    connectionTimeout: number;
    migrateOnStart: boolean;
    echo: boolean;
    /** PostgreSQL pool: size + maxOverflow connections at most; `timeout` seconds to wait for one; replaced after `recycle` seconds. */
    pool: { size: number; maxOverflow: number; timeout: number; recycle: number };
  };
  /** Concurrency limits (logs-variables-concurrency §6): slot wait caps in seconds; the lease repossessor. */
  concurrency: { tagSlotWaitSeconds: number; maxSlotWaitSeconds: number; repossessor: { enabled: boolean; loopSeconds: number } };
  /** The foreman service (deployments-and-work-pools §3.7); times in seconds. */
  foreman: {
    enabled: boolean;
    loopSeconds: number;
    inactivityHeartbeatMultiple: number;
    fallbackHeartbeatIntervalSeconds: number;
    deploymentLastPolledTimeoutSeconds: number;
    workQueueLastPolledTimeoutSeconds: number;
  };
  logging: { level: string; serverLevel: string };
  /** The scheduler (deployments-and-work-pools §3.1–3.5); times in seconds. */
  scheduler: {
    enabled: boolean;
    loopSeconds: number;
    deploymentBatchSize: number;
    maxRuns: number;
    minRuns: number;
    maxScheduledTime: number;
    minScheduledTime: number;
    insertBatchSize: number;
    recentDeploymentsLoopSeconds: number;
  };
  /** The late-runs service (§3.6); times in seconds. */
  lateRuns: { enabled: boolean; loopSeconds: number; afterSeconds: number };
  /** Events: validation bounds (events §1.2) and retention in seconds (§2.5). */
  events: {
    maxLabelsPerResource: number;
    maxRelatedResources: number;
    maxSizeBytes: number;
    retentionPeriod: number;
    maxEventNameLength: number;
    relatedResourceCacheTtl: number;
    maxWebsocketBackfill: number;
    websocketBackfillPageSize: number;
    streamOutEnabled: boolean;
  };
  /** The event persister service (events §2.4); flushInterval in seconds. */
  eventPersister: { enabled: boolean; batchSize: number; readBatchSize: number; flushInterval: number; queueMaxSize: number; maxFlushRetries: number };
  /** The trigger engine (events §6): service switch, LISTEN reconnect and heartbeat, proactive pass interval and expired-bucket buffer, in seconds. */
  triggers: {
    enabled: boolean;
    readBatchSize: number;
    pgNotifyReconnectIntervalSeconds: number;
    pgNotifyHeartbeatIntervalSeconds: number;
    proactiveGranularity: number;
    expiredBucketBuffer: number;
  };
  /** Automation actions (events §6.9): whether webhook and notification blocks may call private or loopback addresses. */
  actions: { allowPrivateTargets: boolean };
  /** The database vacuum service (events §2.5): enabled vacuum types, seconds between runs, rows per delete, per-event retention overrides in seconds. */
  dbVacuum: { enabled: string[]; loopSeconds: number; batchSize: number; eventRetentionOverrides: Record<string, number> };
  /** Prefect's settings object for GET /admin/settings, secrets already obfuscated. */
  publicJson: Record<string, unknown>;
}

function atLeast(v: Record<string, Value>, key: string, name: string, min: number): number {
  const n = v[key] as number;
  if (n < min) throw new SettingsError(`${name} must be at least ${min}, got ${n}`);
  return n;
}

const list = (v: Value) =>
  String(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const v = readValues(env);
  const url = databaseUrl(v);
  v['server.database.connection_url'] = url;
  const defaultLimit = v['server.api.default_limit'] as number;
  if (defaultLimit < 1) throw new SettingsError(`PREFECT_SERVER_API_DEFAULT_LIMIT must be at least 1, got ${defaultLimit}`);
  const shutdownTimeout = v['server.api.shutdown_timeout'] as number;
  if (shutdownTimeout < 0) throw new SettingsError(`PREFECT_SERVER_API_SHUTDOWN_TIMEOUT must be 0 or more seconds, got ${shutdownTimeout}`);
  const basePath = ((v['server.api.base_path'] as string | null) || '/api').replace(/\/+$/, '') || '/api';
  return {
    home: v.home as string,
    api: {
      host: v['server.api.host'] as string,
      port: v['server.api.port'] as number,
      basePath: basePath.startsWith('/') ? basePath : `/${basePath}`,
      authString: v['server.api.auth_string'] as string | null,
      defaultLimit,
      keepaliveTimeout: v['server.api.keepalive_timeout'] as number,
      metricsEnabled: v['server.metrics_enabled'] as boolean,
      shutdownTimeout,
      maxParameterSize: v['server.api.max_parameter_size'] as number,
      maxBodyBytes: v['server.api.max_body_bytes'] as number,
      maxJsonDepth: v['server.api.max_json_depth'] as number,
      maxFilterValues: v['server.api.max_filter_values'] as number,
      maxFilterAllValues: v['server.api.max_filter_all_values'] as number,
    },
    cors: {
      origins: list(v['server.api.cors_allowed_origins']),
      methods: list(v['server.api.cors_allowed_methods']),
      headers: list(v['server.api.cors_allowed_headers']),
    },
    blocks: { registerOnStart: v['server.register_blocks_on_start'] as boolean },
    ui: uiSettings(v),
    csrf: {
      enabled: v['server.api.csrf_protection_enabled'] as boolean,
      tokenExpiration: v['server.api.csrf_token_expiration'] as number,
    },
    graphql: graphqlSettings(v),
    taskRunRecorder: {
      enabled: v['server.services.task_run_recorder.enabled'] as boolean,
      readBatchSize: atLeast(v, 'server.services.task_run_recorder.read_batch_size', 'PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE', 1),
      batchSize: atLeast(v, 'server.services.task_run_recorder.batch_size', 'PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE', 1),
      flushInterval: atLeast(v, 'server.services.task_run_recorder.flush_interval', 'PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL', 0.001),
    },
    database: {
      url,
      timeout: v['server.database.timeout'] as number,
      connectionTimeout: v['server.database.connection_timeout'] as number,
      migrateOnStart: v['server.database.migrate_on_start'] as boolean,
      echo: v['server.database.echo'] as boolean,
      pool: {
        size: atLeast(v, 'server.database.sqlalchemy.pool_size', 'PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE', 1),
        maxOverflow: atLeast(v, 'server.database.sqlalchemy.max_overflow', 'PREFECT_SERVER_DATABASE_SQLALCHEMY_MAX_OVERFLOW', 0),
        timeout: atLeast(v, 'server.database.sqlalchemy.pool_timeout', 'PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT', 0),
        recycle: atLeast(v, 'server.database.sqlalchemy.pool_recycle', 'PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_RECYCLE', 0),
      },
    },
    logging: { level: String(v['logging.level']).toUpperCase(), serverLevel: String(v['server.logging_level']).toUpperCase() },
    concurrency: {
      tagSlotWaitSeconds: atLeast(v, 'server.tasks.tag_concurrency_slot_wait_seconds', 'PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS', 0),
      maxSlotWaitSeconds: atLeast(v, 'server.concurrency.maximum_concurrency_slot_wait_seconds', 'PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS', 0),
      repossessor: { enabled: v['server.services.repossessor.enabled'] as boolean, loopSeconds: v['server.services.repossessor.loop_seconds'] as number },
    },
    foreman: {
      enabled: v['server.services.foreman.enabled'] as boolean,
      loopSeconds: atLeast(v, 'server.services.foreman.loop_seconds', 'PREFECT_SERVER_SERVICES_FOREMAN_LOOP_SECONDS', 0),
      inactivityHeartbeatMultiple: atLeast(v, 'server.services.foreman.inactivity_heartbeat_multiple', 'PREFECT_SERVER_SERVICES_FOREMAN_INACTIVITY_HEARTBEAT_MULTIPLE', 0),
      fallbackHeartbeatIntervalSeconds: atLeast(
        v,
        'server.services.foreman.fallback_heartbeat_interval_seconds',
        'PREFECT_SERVER_SERVICES_FOREMAN_FALLBACK_HEARTBEAT_INTERVAL_SECONDS',
        0,
      ),
      deploymentLastPolledTimeoutSeconds: atLeast(
        v,
        'server.services.foreman.deployment_last_polled_timeout_seconds',
        'PREFECT_SERVER_SERVICES_FOREMAN_DEPLOYMENT_LAST_POLLED_TIMEOUT_SECONDS',
        0,
      ),
      workQueueLastPolledTimeoutSeconds: atLeast(
        v,
        'server.services.foreman.work_queue_last_polled_timeout_seconds',
        'PREFECT_SERVER_SERVICES_FOREMAN_WORK_QUEUE_LAST_POLLED_TIMEOUT_SECONDS',
        0,
      ),
    },
    ...schedulerSettings(v),
    ...eventSettings(v),
    triggers: {
      enabled: v['server.services.triggers.enabled'] as boolean,
      readBatchSize: atLeast(v, 'server.services.triggers.read_batch_size', 'PREFECT_SERVER_SERVICES_TRIGGERS_READ_BATCH_SIZE', 1),
      pgNotifyReconnectIntervalSeconds: atLeast(
        v,
        'server.services.triggers.pg_notify_reconnect_interval_seconds',
        'PREFECT_SERVER_SERVICES_TRIGGERS_PG_NOTIFY_RECONNECT_INTERVAL_SECONDS',
        0,
      ),
      pgNotifyHeartbeatIntervalSeconds: atLeast(
        v,
        'server.services.triggers.pg_notify_heartbeat_interval_seconds',
        'PREFECT_SERVER_SERVICES_TRIGGERS_PG_NOTIFY_HEARTBEAT_INTERVAL_SECONDS',
        0,
      ),
      proactiveGranularity: atLeast(v, 'server.events.proactive_granularity', 'PREFECT_SERVER_EVENTS_PROACTIVE_GRANULARITY', 0),
      expiredBucketBuffer: atLeast(v, 'server.events.expired_bucket_buffer', 'PREFECT_SERVER_EVENTS_EXPIRED_BUCKET_BUFFER', 0),
    },
    actions: { allowPrivateTargets: v['server.events.actions_allow_private_targets'] as boolean },
    publicJson: publicJson(v),
  };
}

/** Python's str(timedelta): `0:00:00`, `-1 day, 23:59:55`, `2 days, 1:00:00.500000`. */
function pythonTimedelta(seconds: number): string {
  const micros = Math.round(seconds * 1e6);
  const days = Math.floor(micros / 86_400e6);
  let rest = micros - days * 86_400e6;
  const h = Math.floor(rest / 3600e6);
  rest -= h * 3600e6;
  const m = Math.floor(rest / 60e6);
  rest -= m * 60e6;
  const s = Math.floor(rest / 1e6);
  const us = rest - s * 1e6;
  const clock = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${us ? `.${String(us).padStart(6, '0')}` : ''}`;
  return days ? `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}` : clock;
}

const VACUUM_TYPES = ['events', 'flow_runs'];

function eventSettings(v: Record<string, Value>): Pick<Settings, 'events' | 'eventPersister' | 'dbVacuum'> {
  const positive = (key: string, env: string) => {
    const n = v[key] as number;
    if (!(n > 0)) throw new SettingsError(`${env} must be greater than 0, got ${n}`);
    return n;
  };
  // Prefect: "true"/"1" → events and flow_runs, "false"/"0"/"" → events, else a comma-separated set.
  const rawEnabled = String(v['server.services.db_vacuum.enabled']).trim();
  const enabled = ['true', '1'].includes(rawEnabled.toLowerCase())
    ? [...VACUUM_TYPES]
    : ['false', '0', ''].includes(rawEnabled.toLowerCase())
      ? ['events']
      : [
          ...new Set(
            rawEnabled
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean),
          ),
        ];
  const invalid = enabled.filter((t) => !VACUUM_TYPES.includes(t)).sort();
  if (invalid.length) {
    throw new SettingsError(
      `PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED: Invalid vacuum type(s): [${invalid.map((t) => `'${t}'`).join(', ')}]. Valid values are: ['events', 'flow_runs']`,
    );
  }
  const overridesEnv = 'PREFECT_SERVER_SERVICES_DB_VACUUM_EVENT_RETENTION_OVERRIDES';
  let overrides: unknown;
  try {
    overrides = JSON.parse(String(v['server.services.db_vacuum.event_retention_overrides']));
  } catch {
    throw new SettingsError(`${overridesEnv} is not a JSON object of event names to seconds`);
  }
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) throw new SettingsError(`${overridesEnv} is not a JSON object of event names to seconds`);
  const eventRetentionOverrides: Record<string, number> = {};
  for (const [name, value] of Object.entries(overrides)) {
    const seconds = typeof value === 'number' ? value : typeof value === 'string' ? parseDuration(overridesEnv, value) : NaN;
    if (!Number.isFinite(seconds)) throw new SettingsError(`${overridesEnv}: the retention of '${name}' is not a number of seconds`);
    if (seconds <= 0) throw new SettingsError(`Retention override for '${name}' must be positive, got ${pythonTimedelta(seconds)}`);
    eventRetentionOverrides[name] = seconds;
  }
  v['server.services.db_vacuum.enabled'] = enabled.join(',');
  return {
    events: {
      maxLabelsPerResource: v['server.events.maximum_labels_per_resource'] as number,
      maxRelatedResources: v['server.events.maximum_related_resources'] as number,
      maxSizeBytes: v['server.events.maximum_size_bytes'] as number,
      retentionPeriod: v['server.events.retention_period'] as number,
      maxEventNameLength: positive('server.events.maximum_event_name_length', 'PREFECT_SERVER_EVENTS_MAXIMUM_EVENT_NAME_LENGTH'),
      // Seconds a flow run's related resources (names, tags) stay cached for its state events (§4.2).
      relatedResourceCacheTtl: v['server.events.related_resource_cache_ttl'] as number,
      // /events/out (§3.6): how far back the backfill looks (seconds), its page size, and whether live events flow.
      maxWebsocketBackfill: v['server.events.maximum_websocket_backfill'] as number,
      websocketBackfillPageSize: positive('server.events.websocket_backfill_page_size', 'PREFECT_SERVER_EVENTS_WEBSOCKET_BACKFILL_PAGE_SIZE'),
      streamOutEnabled: v['server.events.stream_out_enabled'] as boolean,
    },
    eventPersister: {
      enabled: v['server.services.event_persister.enabled'] as boolean,
      batchSize: positive('server.services.event_persister.batch_size', 'PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE'),
      readBatchSize: positive('server.services.event_persister.read_batch_size', 'PREFECT_SERVER_SERVICES_EVENT_PERSISTER_READ_BATCH_SIZE'),
      flushInterval: positive('server.services.event_persister.flush_interval', 'PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL'),
      queueMaxSize: positive('server.services.event_persister.queue_max_size', 'PREFECT_SERVER_SERVICES_EVENT_PERSISTER_QUEUE_MAX_SIZE'),
      maxFlushRetries: positive('server.services.event_persister.max_flush_retries', 'PREFECT_SERVER_SERVICES_EVENT_PERSISTER_MAX_FLUSH_RETRIES'),
    },
    dbVacuum: {
      enabled,
      loopSeconds: positive('server.services.db_vacuum.loop_seconds', 'PREFECT_SERVER_SERVICES_DB_VACUUM_LOOP_SECONDS'),
      batchSize: positive('server.services.db_vacuum.batch_size', 'PREFECT_SERVER_SERVICES_DB_VACUUM_BATCH_SIZE'),
      eventRetentionOverrides,
    },
  };
}

function schedulerSettings(v: Record<string, Value>): Pick<Settings, 'scheduler' | 'lateRuns'> {
  const key = (name: string) => `PREFECT_SERVER_SERVICES_${name.replace(/\./g, '_').toUpperCase()}`;
  const positive = (name: string) => {
    const n = v[`server.services.${name}`] as number;
    if (!(n > 0)) throw new SettingsError(`${key(name)} must be greater than 0, got ${n}`);
    return n;
  };
  const atLeastZero = (name: string) => atLeast(v, `server.services.${name}`, key(name), 0);
  return {
    scheduler: {
      enabled: v['server.services.scheduler.enabled'] as boolean,
      loopSeconds: positive('scheduler.loop_seconds'),
      deploymentBatchSize: positive('scheduler.deployment_batch_size'),
      maxRuns: atLeastZero('scheduler.max_runs'),
      minRuns: atLeastZero('scheduler.min_runs'),
      maxScheduledTime: atLeastZero('scheduler.max_scheduled_time'),
      minScheduledTime: atLeastZero('scheduler.min_scheduled_time'),
      insertBatchSize: positive('scheduler.insert_batch_size'),
      recentDeploymentsLoopSeconds: positive('scheduler.recent_deployments_loop_seconds'),
    },
    lateRuns: {
      enabled: v['server.services.late_runs.enabled'] as boolean,
      loopSeconds: positive('late_runs.loop_seconds'),
      afterSeconds: atLeastZero('late_runs.after_seconds'),
    },
  };
}

/** Prefect's default for the UI's API URL: PREFECT_API_URL, else the bind address with /api (also shown by /admin/settings). */
function uiSettings(v: Record<string, Value>): Settings['ui'] {
  v['server.ui.api_url'] ??= (v['api.url'] as string | null) || `http://${v['server.api.host']}:${v['server.api.port']}/api`;
  return {
    enabled: v['server.ui.enabled'] as boolean,
    v2Enabled: v['server.ui.v2_enabled'] as boolean,
    apiUrl: v['server.ui.api_url'] as string,
    serveBase: v['server.ui.serve_base'] as string,
  };
}

function graphqlSettings(v: Record<string, Value>): Settings['graphql'] {
  const positive = (key: string, env: string) => {
    const n = v[key] as number;
    if (!(n > 0)) throw new SettingsError(`${env} must be greater than 0, got ${n}`);
    return n;
  };
  return {
    maxDepth: positive('server.graphql.max_depth', 'PREFECT_SERVER_GRAPHQL_MAX_DEPTH'),
    maxIntrospectionDepth: positive('server.graphql.max_introspection_depth', 'PREFECT_SERVER_GRAPHQL_MAX_INTROSPECTION_DEPTH'),
    maxAliases: v['server.graphql.max_aliases'] as number,
    maxCost: positive('server.graphql.max_cost', 'PREFECT_SERVER_GRAPHQL_MAX_COST'),
    maxFieldValues: positive('server.graphql.max_field_values', 'PREFECT_SERVER_GRAPHQL_MAX_FIELD_VALUES'),
    maxTokens: positive('server.graphql.max_tokens', 'PREFECT_SERVER_GRAPHQL_MAX_TOKENS'),
    maxDirectives: v['server.graphql.max_directives'] as number,
    executionTimeout: positive('server.graphql.execution_timeout', 'PREFECT_SERVER_GRAPHQL_EXECUTION_TIMEOUT'),
    introspection: v['server.graphql.introspection_enabled'] as boolean,
    graphiql: v['server.graphql.graphiql_enabled'] as boolean,
    sqlReads: v['server.graphql.sql_reads_enabled'] as boolean,
  };
}

/** Nests the dotted keys and hides secrets the way Prefect does: set → ten asterisks, "" → "", unset → null. */
function publicJson(v: Record<string, Value>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const s of spec) {
    let value = v[s.key];
    if (s.secret && typeof value === 'string' && value !== '') value = '**********';
    if (s.kind === 'duration' && typeof value === 'number') value = formatDuration(value);
    const parts = s.key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = value;
  }
  return root;
}
