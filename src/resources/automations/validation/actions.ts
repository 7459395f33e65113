// The action union (events §5.3): each member's fields with their defaults,
// the `source` / `*_id` rule, templates of notifications and webhooks, a
// webhook payload object turned into its JSON text, and run-deployment
// parameters checked for hydration problems. Unknown keys are ignored.
import type { Action, ActionType } from '../../../automations/types.ts';
import { templateProblem } from '../../templates/jinja.ts';
import { parametersProblem } from './parameters.ts';
import { FAILED, isObject, type Json, type Loc, type ModelReader } from './model.ts';
import { validateUnion, type UnionMember, type UnionResult } from './union.ts';

const STATE_TYPES = ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING'] as const;
const SOURCES = ['selected', 'inferred'] as const;

type Reader = (m: ModelReader) => Json | undefined;

/** `source` and its id: "selected" needs the id, "inferred" forbids it (a model "after" validator). */
function sourced(idField: string): Reader {
  return (m) => {
    const source = m.literal('source', SOURCES, 'selected');
    const id = m.scalar<string>(idField, 'uuid', { default: null as never, nullable: true });
    if (m.failed || source === FAILED || id === FAILED) return undefined;
    return { source, [idField]: id };
  };
}

function checkSource(m: ModelReader, idField: string, fields: Json): void {
  if ((fields.source === 'selected') !== Boolean(fields[idField])) m.modelError(`${idField} is ${fields[idField] ? 'not allowed' : 'required'}`);
}

/** A user template field: `'<field>' is not a valid template: <message>`. */
function template(m: ModelReader, key: string, value: string): void {
  const problem = templateProblem(value);
  if (problem) m.fieldError(key, `'${key}' is not a valid template: ${problem.message}`, value);
}

const readRunDeployment: Reader = (m) => {
  const base = sourced('deployment_id')(m);
  let parameters = m.dict('parameters', { nullable: true });
  if (parameters !== FAILED && parameters) {
    const problem = parametersProblem(parameters);
    if (problem) parameters = m.fieldError('parameters', problem);
  }
  const jobVariables = m.dict('job_variables', { nullable: true });
  let scheduleAfter: number | typeof FAILED = 0;
  if (m.has('schedule_after')) {
    scheduleAfter = m.seconds('schedule_after');
    if (scheduleAfter !== FAILED && scheduleAfter < 0) {
      m.items.push({
        type: 'greater_than_equal',
        loc: m.at('schedule_after'),
        msg: 'Input should be greater than or equal to 0 seconds',
        input: m.input.schedule_after,
        ctx: { ge: '0 seconds' },
      });
      scheduleAfter = FAILED;
    }
  }
  if (m.failed || !base) return undefined;
  checkSource(m, 'deployment_id', base);
  return { ...base, parameters: parameters ?? null, job_variables: jobVariables ?? null, schedule_after: scheduleAfter };
};

function commandOn(idField: string): Reader {
  return (m) => {
    const base = sourced(idField)(m);
    if (!base) return undefined;
    checkSource(m, idField, base);
    return base;
  };
}

const readChangeState: Reader = (m) => {
  const name = m.scalar<string>('name', 'str', { default: null as never, nullable: true });
  let state: string | typeof FAILED;
  if (!m.has('state')) state = m.missing('state');
  else if (typeof m.input.state === 'string' && (STATE_TYPES as readonly string[]).includes(m.input.state)) state = m.input.state;
  else {
    const expected = `${STATE_TYPES.slice(0, -1)
      .map((s) => `'${s}'`)
      .join(', ')} or '${STATE_TYPES.at(-1)}'`;
    m.items.push({ type: 'enum', loc: m.at('state'), msg: `Input should be ${expected}`, input: m.input.state, ctx: { expected } });
    state = FAILED;
  }
  const message = m.scalar<string>('message', 'str', { default: null as never, nullable: true });
  const force = m.scalar<boolean>('force', 'bool', { default: false });
  if (m.failed) return undefined;
  return { name, state, message, force };
};

const readNotification: Reader = (m) => {
  const block = m.scalar<string>('block_document_id', 'uuid', { required: true });
  const subject = m.scalar<string>('subject', 'str', { default: 'Prefect automated notification' });
  if (subject !== FAILED && subject !== null) template(m, 'subject', subject);
  const body = m.scalar<string>('body', 'str', { required: true });
  if (body !== FAILED && body !== null) template(m, 'body', body);
  if (m.failed) return undefined;
  return { block_document_id: block, subject, body };
};

const readWebhook: Reader = (m) => {
  const block = m.scalar<string>('block_document_id', 'uuid', { required: true });
  let payload: unknown = '';
  if (m.has('payload')) {
    payload = m.input.payload;
    // Older clients send an object: it becomes its JSON text, indented by 2.
    if (payload !== null && typeof payload !== 'string') payload = JSON.stringify(payload, null, 2);
    if (typeof payload !== 'string') {
      m.items.push({ type: 'string_type', loc: m.at('payload'), msg: 'Input should be a valid string', input: payload });
    } else if (payload) template(m, 'payload', payload);
  }
  if (m.failed) return undefined;
  return { block_document_id: block, payload };
};

const none: Reader = () => ({});

interface ActionSpec {
  type: ActionType;
  className: string;
  validator?: string;
  fields: string[];
  read: Reader;
}

const deploymentFields = ['source', 'deployment_id'];
const SPECS: ActionSpec[] = [
  { type: 'do-nothing', className: 'DoNothing', fields: [], read: none },
  {
    type: 'run-deployment',
    className: 'RunDeployment',
    validator: 'selected_deployment_requires_id',
    fields: [...deploymentFields, 'parameters', 'job_variables', 'schedule_after'],
    read: readRunDeployment,
  },
  { type: 'pause-deployment', className: 'PauseDeployment', validator: 'selected_deployment_requires_id', fields: deploymentFields, read: commandOn('deployment_id') },
  { type: 'resume-deployment', className: 'ResumeDeployment', validator: 'selected_deployment_requires_id', fields: deploymentFields, read: commandOn('deployment_id') },
  { type: 'cancel-flow-run', className: 'CancelFlowRun', fields: [], read: none },
  { type: 'delete-flow-run', className: 'DeleteFlowRun', fields: [], read: none },
  { type: 'change-flow-run-state', className: 'ChangeFlowRunState', fields: ['name', 'state', 'message', 'force'], read: readChangeState },
  { type: 'pause-work-queue', className: 'PauseWorkQueue', validator: 'selected_work_queue_requires_id', fields: ['source', 'work_queue_id'], read: commandOn('work_queue_id') },
  { type: 'resume-work-queue', className: 'ResumeWorkQueue', validator: 'selected_work_queue_requires_id', fields: ['source', 'work_queue_id'], read: commandOn('work_queue_id') },
  { type: 'send-notification', className: 'SendNotification', fields: ['block_document_id', 'subject', 'body'], read: readNotification },
  { type: 'call-webhook', className: 'CallWebhook', fields: ['block_document_id', 'payload'], read: readWebhook },
  { type: 'pause-automation', className: 'PauseAutomation', validator: 'selected_automation_requires_id', fields: ['source', 'automation_id'], read: commandOn('automation_id') },
  { type: 'resume-automation', className: 'ResumeAutomation', validator: 'selected_automation_requires_id', fields: ['source', 'automation_id'], read: commandOn('automation_id') },
  { type: 'suspend-flow-run', className: 'SuspendFlowRun', fields: [], read: none },
  { type: 'resume-flow-run', className: 'ResumeFlowRun', fields: [], read: none },
  { type: 'pause-work-pool', className: 'PauseWorkPool', validator: 'selected_work_pool_requires_id', fields: ['source', 'work_pool_id'], read: commandOn('work_pool_id') },
  { type: 'resume-work-pool', className: 'ResumeWorkPool', validator: 'selected_work_pool_requires_id', fields: ['source', 'work_pool_id'], read: commandOn('work_pool_id') },
];

const MEMBERS: UnionMember<Action>[] = SPECS.map((spec) => ({
  label: spec.validator ? `function-after[${spec.validator}(), ${spec.className}]` : spec.className,
  className: spec.className,
  fields: ['type', ...spec.fields],
  read: (m) => {
    m.literal('type', [spec.type], spec.type);
    const rest = spec.read(m);
    if (m.failed || !rest) return undefined;
    return { type: spec.type, ...rest } as Action;
  },
}));

/** The action with defaults filled, or the items of every member. */
export function validateAction(input: unknown, loc: Loc): UnionResult<Action> {
  return validateUnion(MEMBERS, input, loc);
}

export { isObject };
