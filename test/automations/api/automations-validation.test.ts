// AutomationCreate / AutomationUpdate validation (events §5.2–§5.4, §9 items
// 19–25): the trigger and action unions with Pydantic's items, the loop
// guard, and job variables of run-deployment actions.
import { describe, expect, it } from 'vitest';
import { INFERRED_LOOP, SELECTED_LOOP } from '../../../src/resources/automations/validation/loop-guard.ts';
import { describeEachDatabase } from '../../support/each-database.ts';

const EVENT = 'function-before[enforce_minimum_within_for_proactive_triggers(), EventTrigger]';
const COMPOUND = 'function-after[validate_require(), CompoundTrigger]';
const DEPLOYMENT_ID = '33333333-3333-4333-8333-333333333333';

type Item = { type: string; loc: (string | number)[]; msg: string; input?: unknown; ctx?: unknown };

const reactive = (extra: Record<string, unknown> = {}) => ({ type: 'event', posture: 'Reactive', ...extra });
const body = (extra: Record<string, unknown> = {}) => ({ name: 'v', trigger: reactive(), actions: [], ...extra });

describeEachDatabase('automation validation', (server) => {
  const create = (b: unknown) => server().rest('POST', '/automations/', b);
  /** The 422 items of a create. */
  const refused = async (b: unknown): Promise<Item[]> => {
    const res = await create(b);
    expect(res.status).toBe(422);
    expect(res.body.exception_message).toBe('Invalid request received.');
    expect(res.body.request_body).toEqual(b);
    return res.body.exception_detail;
  };
  const trigger = async (t: unknown) => {
    const res = await create(body({ trigger: t }));
    expect(res.status).toBe(201);
    return res.body.trigger;
  };
  const action = async (a: unknown) => {
    const res = await create(body({ actions: [a] }));
    expect(res.status).toBe(201);
    return res.body.actions[0];
  };
  const at = (items: Item[], ...loc: (string | number)[]) => items.filter((i) => JSON.stringify(i.loc.slice(0, loc.length)) === JSON.stringify(loc));

  it('fields with defaults may be omitted but not null', async () => {
    const items = await refused(body({ description: null, enabled: null, tags: null, actions_on_trigger: null }));
    expect(items.map((i) => [i.type, i.loc])).toEqual([
      ['string_type', ['body', 'description']],
      ['bool_type', ['body', 'enabled']],
      ['list_type', ['body', 'tags']],
      ['list_type', ['body', 'actions_on_trigger']],
    ]);
    expect((await refused(body({ tags: ['a', 3] })))[0]).toMatchObject({ type: 'string_type', loc: ['body', 'tags', 1] });
  });

  describe('triggers', () => {
    it('fills an event trigger’s defaults, deduplicates its sets and reads lax numbers and ISO durations', async () => {
      expect(await trigger({ posture: 'Reactive', expect: ['a', 'a', 'b'], threshold: '3', within: 'PT1M', for_each: ['prefect.resource.id'] })).toMatchObject({
        type: 'event',
        expect: ['a', 'b'],
        threshold: 3,
        within: 60,
        for_each: ['prefect.resource.id'],
      });
      const related = await trigger(reactive({ match: { 'prefect.resource.id': ['a.*', 'b'] }, match_related: [{ 'prefect.resource.role': 'flow' }, {}] }));
      expect(related).toMatchObject({ match: { 'prefect.resource.id': ['a.*', 'b'] }, match_related: [{ 'prefect.resource.role': 'flow' }, {}] });
    });

    it('a Proactive within of 0 or missing becomes 10 s; below 10 s is refused with Prefect’s message', async () => {
      expect((await trigger({ type: 'event', posture: 'Proactive' })).within).toBe(10);
      expect((await trigger({ type: 'event', posture: 'Proactive', within: 0 })).within).toBe(10);
      expect((await trigger({ type: 'event', posture: 'Proactive', within: 10 })).within).toBe(10);
      for (const within of [9.999999, 1, -1]) {
        const items = at(await refused(body({ trigger: { type: 'event', posture: 'Proactive', within } })), 'body', 'trigger', EVENT);
        expect(items).toEqual([
          {
            type: 'value_error',
            loc: ['body', 'trigger', EVENT],
            msg: 'Value error, `within` for Proactive triggers must be greater than or equal to 10 seconds',
            input: { type: 'event', posture: 'Proactive', within },
            ctx: { error: {} },
          },
        ]);
      }
    });

    it('within: null is refused before anything else; a negative Reactive within is below 0 seconds', async () => {
      const items = await refused(body({ trigger: reactive({ within: null, posture: 'Metric' }) }));
      expect(at(items, 'body', 'trigger', EVENT)).toEqual([
        {
          type: 'value_error',
          loc: ['body', 'trigger', EVENT],
          msg: 'Value error, `within` should be a valid timedelta',
          input: reactive({ within: null, posture: 'Metric' }),
          ctx: { error: {} },
        },
      ]);
      const negative = at(await refused(body({ trigger: reactive({ within: -0.001 }) })), 'body', 'trigger', EVENT);
      expect(negative).toEqual([
        {
          type: 'greater_than_equal',
          loc: ['body', 'trigger', EVENT, 'within'],
          msg: 'Input should be greater than or equal to 0 seconds',
          input: -0.001,
          ctx: { ge: '0 seconds' },
        },
      ]);
    });

    it('refuses the Metric posture, metric triggers and unknown types, member by member', async () => {
      const metric = await refused(body({ trigger: { type: 'event', posture: 'Metric' } }));
      expect(at(metric, 'body', 'trigger', EVENT)).toEqual([
        {
          type: 'literal_error',
          loc: ['body', 'trigger', EVENT, 'posture'],
          msg: "Input should be <Posture.Reactive: 'Reactive'> or <Posture.Proactive: 'Proactive'>",
          input: 'Metric',
          ctx: { expected: "<Posture.Reactive: 'Reactive'> or <Posture.Proactive: 'Proactive'>" },
        },
      ]);
      expect(at(metric, 'body', 'trigger', COMPOUND).map((i) => [i.type, i.loc.at(-1)])).toEqual([
        ['literal_error', 'type'],
        ['missing', 'triggers'],
        ['missing', 'within'],
        ['missing', 'require'],
      ]);
      expect(at(metric, 'body', 'trigger', 'SequenceTrigger').map((i) => [i.type, i.loc.at(-1)])).toEqual([
        ['literal_error', 'type'],
        ['missing', 'triggers'],
        ['missing', 'within'],
      ]);
      const kinds = await refused(body({ trigger: { type: 'metric', posture: 'Metric', metric: {} } }));
      expect(kinds.filter((i) => i.loc.at(-1) === 'type').map((i) => i.msg)).toEqual(["Input should be 'event'", "Input should be 'compound'", "Input should be 'sequence'"]);
      expect((await refused(body({ trigger: 'event' })))[0]).toMatchObject({
        type: 'model_type',
        loc: ['body', 'trigger', EVENT],
        msg: 'Input should be a valid dictionary or instance of EventTrigger',
      });
    });

    it('compound and sequence triggers require a within key (null allowed) and validate their children', async () => {
      expect(await trigger({ type: 'sequence', within: null, triggers: [reactive()] })).toMatchObject({ type: 'sequence', within: null, triggers: [{ type: 'event', within: 0 }] });
      expect(await trigger({ type: 'compound', within: 'PT5M', require: 'any', triggers: [reactive(), reactive()] })).toMatchObject({ within: 300, require: 'any' });
      const noWithin = await refused(body({ trigger: { type: 'sequence', triggers: [reactive()] } }));
      expect(at(noWithin, 'body', 'trigger', 'SequenceTrigger')).toEqual([
        { type: 'missing', loc: ['body', 'trigger', 'SequenceTrigger', 'within'], msg: 'Field required', input: { type: 'sequence', triggers: [reactive()] } },
      ]);
      const child = await refused(body({ trigger: { type: 'compound', within: null, require: 'all', triggers: [reactive({ posture: 'Proactive', within: 3 })] } }));
      expect(at(child, 'body', 'trigger', COMPOUND, 'triggers', 0, EVENT)[0].msg).toBe('Value error, `within` for Proactive triggers must be greater than or equal to 10 seconds');
    });

    it('an integer require lies within 1…number of children', async () => {
      const compound = (require: unknown) => ({ type: 'compound', within: null, require, triggers: [reactive(), reactive()] });
      expect((await trigger(compound(2))).require).toBe(2);
      expect((await trigger(compound('1'))).require).toBe(1);
      const low = at(await refused(body({ trigger: compound(0) })), 'body', 'trigger', COMPOUND);
      expect(low).toEqual([{ type: 'value_error', loc: ['body', 'trigger', COMPOUND], msg: 'Value error, require must be at least 1', input: compound(0), ctx: { error: {} } }]);
      const high = at(await refused(body({ trigger: compound(3) })), 'body', 'trigger', COMPOUND);
      expect(high.map((i) => i.msg)).toEqual(['Value error, require must be less than or equal to the number of triggers']);
      const word = at(await refused(body({ trigger: compound('some') })), 'body', 'trigger', COMPOUND, 'require');
      expect(word.map((i) => [i.loc.at(-1), i.type])).toEqual([
        ['int', 'int_parsing'],
        ["literal['any','all']", 'literal_error'],
      ]);
    });
  });

  describe('actions', () => {
    it('source defaults to selected, so the id is required; inferred forbids it (every *_id)', async () => {
      for (const [type, idField, validator, className] of [
        ['pause-deployment', 'deployment_id', 'selected_deployment_requires_id', 'PauseDeployment'],
        ['run-deployment', 'deployment_id', 'selected_deployment_requires_id', 'RunDeployment'],
        ['resume-work-queue', 'work_queue_id', 'selected_work_queue_requires_id', 'ResumeWorkQueue'],
        ['pause-work-pool', 'work_pool_id', 'selected_work_pool_requires_id', 'PauseWorkPool'],
        ['resume-automation', 'automation_id', 'selected_automation_requires_id', 'ResumeAutomation'],
      ]) {
        const member = `function-after[${validator}(), ${className}]`;
        const required = at(await refused(body({ actions: [{ type }] })), 'body', 'actions', 0, member);
        expect(required).toEqual([{ type: 'value_error', loc: ['body', 'actions', 0, member], msg: `Value error, ${idField} is required`, input: { type }, ctx: { error: {} } }]);
        const forbidden = at(await refused(body({ actions: [{ type, source: 'inferred', [idField]: DEPLOYMENT_ID }] })), 'body', 'actions', 0, member);
        expect(forbidden.map((i) => i.msg)).toEqual([`Value error, ${idField} is not allowed`]);
        expect(await action({ type, source: 'inferred' })).toEqual({
          type,
          source: 'inferred',
          [idField]: null,
          ...(type === 'run-deployment' ? { parameters: null, job_variables: null, schedule_after: 0 } : {}),
        });
      }
      expect(await action({ type: 'resume-deployment', deployment_id: DEPLOYMENT_ID, color: 'ignored' })).toEqual({
        type: 'resume-deployment',
        source: 'selected',
        deployment_id: DEPLOYMENT_ID,
      });
    });

    it('fills every action type’s defaults', async () => {
      for (const type of ['do-nothing', 'cancel-flow-run', 'suspend-flow-run', 'resume-flow-run', 'delete-flow-run']) expect(await action({ type })).toEqual({ type });
      expect(await action({ type: 'change-flow-run-state', state: 'FAILED' })).toEqual({ type: 'change-flow-run-state', name: null, state: 'FAILED', message: null, force: false });
      expect(await action({ type: 'send-notification', block_document_id: DEPLOYMENT_ID, body: 'Hi {{ flow.name }}' })).toEqual({
        type: 'send-notification',
        block_document_id: DEPLOYMENT_ID,
        subject: 'Prefect automated notification',
        body: 'Hi {{ flow.name }}',
      });
      expect(await action({ type: 'call-webhook', block_document_id: DEPLOYMENT_ID })).toEqual({ type: 'call-webhook', block_document_id: DEPLOYMENT_ID, payload: '' });
      expect(await action({ type: 'run-deployment', deployment_id: DEPLOYMENT_ID, schedule_after: 'PT1H', parameters: { x: '{{ event.id }}' } })).toEqual({
        type: 'run-deployment',
        source: 'selected',
        deployment_id: DEPLOYMENT_ID,
        parameters: { x: '{{ event.id }}' },
        job_variables: null,
        schedule_after: 3600,
      });
    });

    it('a webhook payload object becomes its JSON text, indented by 2', async () => {
      const made = await action({ type: 'call-webhook', block_document_id: DEPLOYMENT_ID, payload: { message: 'hi', n: [1] } });
      expect(made.payload).toBe('{\n  "message": "hi",\n  "n": [\n    1\n  ]\n}');
    });

    it('subject, body and payload must be valid templates', async () => {
      const notification = await refused(body({ actions: [{ type: 'send-notification', block_document_id: DEPLOYMENT_ID, subject: '{% for %}', body: '{{ x' }] }));
      const mine = at(notification, 'body', 'actions', 0, 'SendNotification');
      expect(mine.map((i) => [i.loc.at(-1), i.type])).toEqual([
        ['subject', 'value_error'],
        ['body', 'value_error'],
      ]);
      expect(mine[0].msg).toMatch(/^Value error, 'subject' is not a valid template: /);
      expect(mine[1].msg).toMatch(/^Value error, 'body' is not a valid template: /);
      const webhook = at(await refused(body({ actions: [{ type: 'call-webhook', block_document_id: DEPLOYMENT_ID, payload: '{{ x' }] })), 'body', 'actions', 0, 'CallWebhook');
      expect(webhook[0]).toMatchObject({ type: 'value_error', loc: ['body', 'actions', 0, 'CallWebhook', 'payload'] });
      expect(webhook[0].msg).toMatch(/^Value error, 'payload' is not a valid template: /);
      const loops = at(
        await refused(
          body({
            actions: [
              { type: 'send-notification', block_document_id: DEPLOYMENT_ID, body: '{% for a in b %}{% for c in a %}{% for d in c %}{% endfor %}{% endfor %}{% endfor %}' },
            ],
          }),
        ),
        'body',
        'actions',
        0,
        'SendNotification',
      );
      expect(loops[0].msg).toBe("Value error, 'body' is not a valid template: Contains nested for loops at a depth of 3. Templates can nest for loops no more than 2 loops deep.");
    });

    it('run-deployment parameters must hydrate; schedule_after must not be negative', async () => {
      const member = 'function-after[selected_deployment_requires_id(), RunDeployment]';
      const items = at(
        await refused(
          body({
            actions: [{ type: 'run-deployment', deployment_id: DEPLOYMENT_ID, parameters: { a: { __prefect_kind: 'json', value: '{bad' }, b: { c: { __prefect_kind: 'none' } } } }],
          }),
        ),
        'body',
        'actions',
        0,
        member,
      );
      expect(items).toEqual([
        {
          type: 'value_error',
          loc: ['body', 'actions', 0, member, 'parameters'],
          msg: "Value error, Invalid parameters: \na: Invalid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)\n  b.c: Missing 'value' key in __prefect object",
          input: { a: { __prefect_kind: 'json', value: '{bad' }, b: { c: { __prefect_kind: 'none' } } },
          ctx: { error: {} },
        },
      ]);
      const negative = at(await refused(body({ actions: [{ type: 'run-deployment', deployment_id: DEPLOYMENT_ID, schedule_after: -1 }] })), 'body', 'actions', 0, member);
      expect(negative[0]).toMatchObject({ type: 'greater_than_equal', loc: ['body', 'actions', 0, member, 'schedule_after'] });
    });

    it('refuses unknown action types and missing required fields', async () => {
      const unknown = await refused(body({ actions: [{ type: 'launch-rocket' }] }));
      expect(unknown.filter((i) => i.loc.at(-1) === 'type')).toHaveLength(17);
      const state = at(await refused(body({ actions_on_trigger: [{ type: 'change-flow-run-state', state: 'DONE' }] })), 'body', 'actions_on_trigger', 0, 'ChangeFlowRunState');
      expect(state[0]).toMatchObject({ type: 'enum', loc: ['body', 'actions_on_trigger', 0, 'ChangeFlowRunState', 'state'], input: 'DONE' });
      const body_ = at(
        await refused(body({ actions_on_resolve: [{ type: 'send-notification', block_document_id: DEPLOYMENT_ID }] })),
        'body',
        'actions_on_resolve',
        0,
        'SendNotification',
      );
      expect(body_).toEqual([
        {
          type: 'missing',
          loc: ['body', 'actions_on_resolve', 0, 'SendNotification', 'body'],
          msg: 'Field required',
          input: { type: 'send-notification', block_document_id: DEPLOYMENT_ID },
        },
      ]);
    });
  });

  describe('the loop guard', () => {
    const looping = (actions: unknown[], extra: Record<string, unknown> = {}) => body({ trigger: reactive({ expect: ['prefect.flow-run.Running'], ...extra }), actions });

    it('refuses an inferred deployment run from flow-run state events (two spaces after the first full stop)', async () => {
      const sent = looping([{ type: 'run-deployment', source: 'inferred' }]);
      expect(await refused(sent)).toEqual([{ type: 'value_error', loc: ['body'], msg: `Value error, ${INFERRED_LOOP}`, input: sent, ctx: { error: {} } }]);
      expect(INFERRED_LOOP).toContain('flow runs.  Please choose');
    });

    it('refuses a selected deployment unless match or match_related narrow the flow runs', async () => {
      const run = { type: 'run-deployment', deployment_id: DEPLOYMENT_ID };
      for (const extra of [{}, { match: { 'prefect.resource.id': 'prefect.flow-run.*' } }, { match_related: [{ 'prefect.resource.role': 'flow' }, {}] }]) {
        const items = await refused(looping([run], extra));
        expect(items.map((i) => [i.loc, i.msg])).toEqual([[['body'], `Value error, ${SELECTED_LOOP}`]]);
      }
      expect(SELECTED_LOOP).toContain('flow runs.  Please include');
      for (const extra of [
        { match: { 'prefect.resource.name': 'mine' } },
        { match_related: { 'prefect.resource.id': 'prefect.flow.123' } },
        { match_related: [] },
        { expect: ['prefect.flow-run.Completed'] },
      ]) {
        expect((await create(looping([run], extra))).status).toBe(201);
      }
      expect((await create({ ...looping([run]), enabled: false })).status).toBe(201);
      expect((await create(body({ trigger: { type: 'event', posture: 'Proactive', expect: ['prefect.flow-run.*'] }, actions: [run] }))).status).toBe(201);
    });

    it('PUT checks it; PATCH that enables a looping automation is a 422 with an empty loc', async () => {
      const sent = { ...looping([{ type: 'run-deployment', source: 'inferred' }]), enabled: false };
      const created = (await create(sent)).body;
      expect((await server().rest('PUT', `/automations/${created.id}`, { ...sent, enabled: true })).body.exception_detail[0]).toMatchObject({
        loc: ['body'],
        msg: `Value error, ${INFERRED_LOOP}`,
      });
      const patch = await server().rest('PATCH', `/automations/${created.id}`, { enabled: true });
      expect(patch.status).toBe(422);
      expect(patch.body.request_body).toEqual({ enabled: true });
      expect(patch.body.exception_detail).toHaveLength(1);
      expect(patch.body.exception_detail[0]).toMatchObject({ type: 'value_error', loc: [], msg: `Value error, ${INFERRED_LOOP}`, ctx: { error: {} } });
      expect(patch.body.exception_detail[0].input).toMatchObject({ id: created.id, enabled: true });
      expect((await server().rest('GET', `/automations/${created.id}`)).body.enabled).toBe(false);
      expect((await server().rest('PATCH', `/automations/${created.id}`, { enabled: false })).status).toBe(204);
    });
  });

  describe('job variables of run-deployment actions', () => {
    const TEMPLATE = {
      job_configuration: { thing_one: '{{ this }}' },
      variables: { type: 'object', properties: { this: { title: 'this_one', type: 'string' }, other: { type: 'string', default: 'x' } }, required: ['this'] },
    };
    let deploymentId = '';
    let poolless = '';
    let withOwn = '';

    it('seeds a pool with a variables schema, a deployment in it and one without a pool', async () => {
      expect((await server().rest('POST', '/work_pools/', { name: 'jv-pool', type: 'process', base_job_template: TEMPLATE })).status).toBe(201);
      const flow = (await server().rest('POST', '/flows/', { name: 'jv-flow' })).body;
      const made = await server().rest('POST', '/deployments/', { name: 'jv', flow_id: flow.id, work_pool_name: 'jv-pool' });
      expect(made.status).toBe(201);
      deploymentId = made.body.id;
      poolless = (await server().rest('POST', '/deployments/', { name: 'jv-none', flow_id: flow.id })).body.id;
      const own = await server().rest('POST', '/deployments/', { name: 'jv-own', flow_id: flow.id, work_pool_name: 'jv-pool', job_variables: { other: 'y' } });
      expect(own.status).toBe(201);
      withOwn = own.body.id;
    });

    const runWith = (deployment_id: string, job_variables: unknown) => body({ actions: [{ type: 'run-deployment', deployment_id, job_variables }] });

    it('accepts matching variables and refuses others with every failure in one detail', async () => {
      expect((await create(runWith(deploymentId, { this: 'is a string' }))).status).toBe(201);
      const bad = await create(runWith(deploymentId, { this: 100 }));
      expect(bad.status).toBe(422);
      expect(bad.body.detail).toMatch(/^Error creating automation: Validation failed for field 'this'\. Failure reason: /);
      const twice = await create(body({ actions: [0, 1].map(() => ({ type: 'run-deployment', deployment_id: deploymentId, job_variables: { this: 100 } })) }));
      expect(twice.status).toBe(422);
      expect(twice.body.detail.match(/Validation failed for field 'this'/g)).toHaveLength(2);
    });

    it('create skips {} and pool-less deployments; an unknown deployment is a 404', async () => {
      expect((await create(runWith(deploymentId, {}))).status).toBe(201);
      expect((await create(runWith(deploymentId, null))).status).toBe(201);
      expect((await create(runWith(poolless, { this: 100 }))).status).toBe(201);
      expect(await create(runWith('99999999-9999-4999-8999-999999999999', { this: 1 }))).toMatchObject({ status: 404, body: { detail: 'Deployment not found.' } });
    });

    it('PUT checks {} too (required fields enforced) and still says "creating"', async () => {
      // {} is checked when the deployment has job variables of its own (else both are empty: skipped).
      expect((await create(runWith(withOwn, {}))).status).toBe(201);
      const created = (await create(runWith(deploymentId, { this: 'ok' }))).body;
      expect((await server().rest('PUT', `/automations/${created.id}`, runWith(deploymentId, {}))).status).toBe(204);
      const put = await server().rest('PUT', `/automations/${created.id}`, runWith(withOwn, {}));
      expect(put.status).toBe(422);
      expect(put.body.detail).toMatch(/^Error creating automation: .*'this'/);
      const bad = await server().rest('PUT', `/automations/${created.id}`, runWith(deploymentId, { this: 100 }));
      expect(bad.body.detail).toMatch(/^Error creating automation: Validation failed for field 'this'/);
      expect((await server().rest('PUT', `/automations/${created.id}`, runWith(deploymentId, { this: 'fine' }))).status).toBe(204);
    });
  });
});
