// PostgreSQL LISTEN prefect_automation_changes (events §6.5): every replica's
// trigger engine hears the API's NOTIFY and reloads that automation. One
// dedicated connection (LISTEN holds it), a heartbeat that notices a dead one,
// and a reconnect after PREFECT_SERVER_SERVICES_TRIGGERS_PG_NOTIFY_RECONNECT_INTERVAL_SECONDS;
// after each connect the caller reconciles, to catch what was missed.
import pg from 'pg';
import type { AutomationChange } from '../types.ts';

export const AUTOMATION_CHANGES_CHANNEL = 'prefect_automation_changes';
/** The listening connection's application_name (pg_stat_activity shows whose it is). */
export const LISTENER_APPLICATION_NAME = 'prefect-triggers-listener';

export interface ListenOptions {
  url: string;
  reconnectSeconds: number;
  heartbeatSeconds: number;
  /** How long opening the connection may take (PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT), ms. */
  connectTimeoutMs?: number;
  onChange: (change: AutomationChange) => void;
  /** After each (re)connect, once LISTEN is in place. */
  onConnect: () => Promise<unknown>;
  warn: (message: string, error?: unknown) => void;
}

/** Parses one notice's payload; null (with a warning) when it is not a change. */
export function parseChangeNotice(payload: string | undefined, warn: ListenOptions['warn']): AutomationChange | null {
  try {
    const data = JSON.parse(payload ?? '') as Partial<AutomationChange>;
    if (typeof data.automation_id !== 'string') throw new Error('no automation_id');
    if (data.event_type !== 'created' && data.event_type !== 'updated' && data.event_type !== 'deleted') {
      warn(`Unknown automation event type: ${String(data.event_type)}`);
      return null;
    }
    return { automation_id: data.automation_id, event_type: data.event_type };
  } catch (error) {
    warn('Error processing automation change notification', error);
    return null;
  }
}

export function listenForAutomationChanges(options: ListenOptions): { stop(): Promise<void> } {
  let stopped = false;
  let client: pg.Client | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;

  const cleanup = () => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    const old = client;
    client = null;
    if (old) void old.end().catch(() => {});
  };

  const fail = (error: unknown) => {
    if (stopped || retry) return;
    options.warn(`Error in automation change listener; reconnecting in ${options.reconnectSeconds}s`, error);
    cleanup();
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, options.reconnectSeconds * 1000);
    retry.unref();
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    const next = new pg.Client({ connectionString: options.url, application_name: LISTENER_APPLICATION_NAME, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000 });
    client = next;
    next.on('error', fail);
    next.on('end', () => {
      if (client === next) fail(new Error('connection ended'));
    });
    next.on('notification', (message) => {
      if (message.channel !== AUTOMATION_CHANGES_CHANNEL) return;
      const change = parseChangeNotice(message.payload, options.warn);
      if (change) options.onChange(change);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${AUTOMATION_CHANGES_CHANNEL}`);
      if (stopped) return cleanup();
      heartbeat = setInterval(() => {
        next.query('SELECT 1').catch(fail);
      }, Math.max(options.heartbeatSeconds, 1) * 1000);
      heartbeat.unref();
      await options.onConnect();
    } catch (error) {
      if (client === next) fail(error);
    }
  }

  void connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      retry = null;
      const old = client;
      if (heartbeat) clearInterval(heartbeat);
      client = null;
      if (old) await old.end().catch(() => {});
    },
  };
}
