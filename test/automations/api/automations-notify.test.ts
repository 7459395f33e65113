// On PostgreSQL every automation write sends NOTIFY prefect_automation_changes
// inside its transaction (events §6.5): other replicas' trigger engines
// LISTEN. A refused write sends nothing.
import { expect, it } from 'vitest';
import pg from 'pg';
import { describeEachDatabase } from '../../support/each-database.ts';

describeEachDatabase('automation change notifications', (server, provider) => {
  it.skipIf(provider !== 'postgresql')('NOTIFY carries the automation id and the change, once per write, after commit', async () => {
    const target = server().target;
    if (target.provider !== 'postgresql') return;
    const listener = new pg.Client({ connectionString: target.url });
    await listener.connect();
    const received: unknown[] = [];
    let wake: (() => void) | undefined;
    listener.on('notification', (n) => {
      received.push({ channel: n.channel, payload: JSON.parse(n.payload ?? 'null') });
      wake?.();
    });
    await listener.query('LISTEN prefect_automation_changes');
    const until = async (count: number) => {
      while (received.length < count) await new Promise<void>((resolve) => (wake = resolve));
    };
    try {
      const body = { name: 'notified', trigger: { posture: 'Reactive' }, actions: [], owner_resource: 'owner-of-notified' };
      const id = (await server().rest('POST', '/automations/', body)).body.id;
      await server().rest('PUT', `/automations/${id}`, { name: 'n2', trigger: { posture: 'Reactive' }, actions: [] });
      // Refused: no notification.
      expect((await server().rest('PUT', `/automations/${id}`, { name: 'n2', trigger: { posture: 'Metric' }, actions: [] })).status).toBe(422);
      await server().rest('PATCH', `/automations/${id}`, { enabled: false });
      await server().rest('DELETE', `/automations/owned-by/owner-of-notified`);
      const other = (await server().rest('POST', '/automations/', { ...body, owner_resource: null })).body.id;
      await server().rest('DELETE', `/automations/${other}`);
      await until(6);
      const change = (automation_id: string, event_type: string) => ({ channel: 'prefect_automation_changes', payload: { automation_id, event_type } });
      expect(received).toEqual([change(id, 'created'), change(id, 'updated'), change(id, 'updated'), change(id, 'deleted'), change(other, 'created'), change(other, 'deleted')]);
    } finally {
      await listener.end();
    }
  });
});
