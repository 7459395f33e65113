// Flow-run actions (events §5.3, §6.9): cancel, suspend, resume, delete and
// change state, on the flow run named by the triggering labels or the event;
// Prefect's messages on the new states and its reasons on failures.
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../support/each-database.ts';
import type { TestServer } from '../../support/server.ts';
import { ACTIONS_ENV, createAutomation, event, outcome, triggeredAction, unique, useActions } from './support.ts';

const runEvent = (id: string) => event({ resource: { 'prefect.resource.id': `prefect.flow-run.${id}` } });

describeEachDatabase(
  'automation actions: flow runs',
  (server) => {
    const actions = useActions(server);
    let flowId: string;
    let deploymentId: string;
    beforeAll(async () => {
      flowId = (await server().rest('POST', '/flows/', { name: unique('flow') })).body.id;
      deploymentId = (await server().rest('POST', '/deployments/', { name: unique('deployment'), flow_id: flowId })).body.id;
    });
    const runIn = async (type: string, fromDeployment = false): Promise<string> => {
      const res = fromDeployment
        ? await server().rest('POST', `/deployments/${deploymentId}/create_flow_run`, { state: { type } })
        : await server().rest('POST', '/flow_runs/', { flow_id: flowId, state: { type } });
      return res.body.id;
    };
    const stateOf = async (id: string) => (await server().rest('GET', `/flow_runs/${id}`)).body.state;

    it('cancel-flow-run: CANCELLING with "Cancelled by Automation <id>", the run as target', async () => {
      const id = await runIn('RUNNING');
      const automation = await createAutomation(server(), [{ type: 'cancel-flow-run' }]);
      const result = outcome(await actions.run(triggeredAction(automation, { event: runEvent(id) })));
      expect(result.payload).toMatchObject({ status_code: 201 });
      expect(result.related[0]).toEqual({ 'prefect.resource.id': `prefect.flow-run.${id}`, 'prefect.resource.role': 'target' });
      expect(await stateOf(id)).toMatchObject({ type: 'CANCELLING', message: `Cancelled by Automation ${automation.id}` });
    });

    it('the triggering labels name the flow run before the event does; without either: No flow run could be inferred', async () => {
      const fromLabels = await runIn('RUNNING');
      const fromEvent = await runIn('RUNNING');
      const automation = await createAutomation(server(), [{ type: 'cancel-flow-run' }]);
      await actions.run(triggeredAction(automation, { event: runEvent(fromEvent), labels: { 'prefect.resource.id': `prefect.flow-run.${fromLabels}` } }));
      expect((await stateOf(fromLabels)).type).toBe('CANCELLING');
      expect((await stateOf(fromEvent)).type).toBe('RUNNING');
      // Related flow runs count too (the first flow-run resource involved).
      const related = event({ related: [{ 'prefect.resource.id': `prefect.flow-run.${fromEvent}`, 'prefect.resource.role': 'flow-run' }] });
      await actions.run(triggeredAction(automation, { event: related }));
      expect((await stateOf(fromEvent)).type).toBe('CANCELLING');
      expect(outcome(await actions.run(triggeredAction(automation))).payload).toMatchObject({ reason: 'No flow run could be inferred' });
      expect(outcome(await actions.run(triggeredAction(automation, { event: null }))).payload.reason).toBe('No flow run could be inferred');
    });

    it('suspend-flow-run: a Suspended PAUSED state (reschedule, one hour); without a deployment orchestration aborts: "Failed to set state: …"', async () => {
      const id = await runIn('RUNNING', true);
      const automation = await createAutomation(server(), [{ type: 'suspend-flow-run' }, { type: 'resume-flow-run' }]);
      const result = outcome(await actions.run(triggeredAction(automation, { event: runEvent(id) })));
      expect(result.kind).toBe('executed');
      const state = await stateOf(id);
      expect(state).toMatchObject({ type: 'PAUSED', name: 'Suspended', message: `Suspended by Automation ${automation.id}` });
      expect(state.state_details.pause_reschedule).toBe(true);
      const timeout = new Date(state.state_details.pause_timeout).getTime() - new Date(state.timestamp).getTime();
      expect(timeout).toBeGreaterThan(3500_000);
      expect(timeout).toBeLessThanOrEqual(3600_000);
      // resume-flow-run: the suspended run is rescheduled.
      const resumed = outcome(await actions.run(triggeredAction(automation, { index: 1, event: runEvent(id) })));
      expect(resumed.kind).toBe('executed');
      expect(resumed.related[0]).toEqual({ 'prefect.resource.id': `prefect.flow-run.${id}`, 'prefect.resource.role': 'target' });
      expect((await stateOf(id)).type).toBe('SCHEDULED');
      // Without a deployment there is nothing to reschedule with.
      const lone = await runIn('RUNNING');
      const refused = outcome(await actions.run(triggeredAction(automation, { event: runEvent(lone) })));
      const direct = await server().rest('POST', `/flow_runs/${await runIn('RUNNING')}/set_state`, {
        state: { type: 'PAUSED', name: 'Suspended', state_details: { pause_reschedule: true, pause_timeout: new Date(Date.now() + 3600_000).toISOString() } },
      });
      expect(direct.body.details.type).not.toBe('accept_details');
      expect(refused.payload).toMatchObject({ reason: `Failed to set state: ${direct.body.details.reason}`, status_code: 200 });
    });

    it('resume-flow-run on a run that is not paused: "Failed to resume flow run: <reason>"', async () => {
      const id = await runIn('RUNNING');
      const other = await runIn('RUNNING');
      const direct = await server().rest('POST', `/flow_runs/${other}/resume`, {});
      const automation = await createAutomation(server(), [{ type: 'resume-flow-run' }]);
      const result = outcome(await actions.run(triggeredAction(automation, { event: runEvent(id) })));
      expect(result.payload.reason).toBe(`Failed to resume flow run: ${direct.body.details.reason}`);
    });

    it('change-flow-run-state: the state, name and message given, or "State changed by Automation <id>"; force overrides orchestration', async () => {
      const id = await runIn('RUNNING');
      const automation = await createAutomation(server(), [
        { type: 'change-flow-run-state', state: 'PENDING', name: null, message: null, force: false },
        { type: 'change-flow-run-state', state: 'PENDING', name: null, message: null, force: true },
        { type: 'change-flow-run-state', state: 'COMPLETED', name: 'Done by robot', message: 'all good', force: false },
      ]);
      // RUNNING → PENDING is refused without force.
      const other = await runIn('RUNNING');
      const direct = await server().rest('POST', `/flow_runs/${other}/set_state`, { state: { type: 'PENDING' } });
      expect(direct.body.details.type).not.toBe('accept_details');
      const refused = outcome(await actions.run(triggeredAction(automation, { event: runEvent(id) })));
      expect(refused.payload).toMatchObject({ reason: `Failed to set state: ${direct.body.details.reason}`, status_code: 200 });
      expect((await stateOf(id)).type).toBe('RUNNING');
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1, event: runEvent(id) }))).kind).toBe('executed');
      expect(await stateOf(id)).toMatchObject({ type: 'PENDING', message: `State changed by Automation ${automation.id}` });
      await server().rest('POST', `/flow_runs/${id}/set_state`, { state: { type: 'RUNNING' } });
      expect(outcome(await actions.run(triggeredAction(automation, { index: 2, event: runEvent(id) }))).kind).toBe('executed');
      expect(await stateOf(id)).toMatchObject({ type: 'COMPLETED', name: 'Done by robot', message: 'all good' });
    });

    it('delete-flow-run deletes the run; a missing run is a 404 reason; set_state on a missing run too', async () => {
      const id = await runIn('COMPLETED');
      const automation = await createAutomation(server(), [{ type: 'delete-flow-run' }, { type: 'cancel-flow-run' }]);
      const result = outcome(await actions.run(triggeredAction(automation, { event: runEvent(id) })));
      expect(result.payload).toMatchObject({ status_code: 204 });
      expect((await server().rest('GET', `/flow_runs/${id}`)).status).toBe(404);
      const gone = randomUUID();
      expect(outcome(await actions.run(triggeredAction(automation, { event: runEvent(gone) }))).payload).toMatchObject({
        reason: "Unexpected status from 'delete-flow-run' action: 404",
        status_code: 404,
      });
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1, event: runEvent(gone) }))).payload.reason).toBe(
        "Unexpected status from 'cancel-flow-run' action: 404",
      );
    });
  },
  ACTIONS_ENV,
);

export type { TestServer };
