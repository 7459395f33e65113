// The Automation type, its inputs and sort, with Prefect's JSON names (events
// §5.1, §5.4). The trigger and actions are JSON here: they are Python unions
// (recursive for triggers) whose members validation/ reads one by one.
import { builder } from '../../graphql/builder.ts';
import { sortEnum } from '../../filters/sort.ts';
import { toAutomation, type AutomationRow } from './model.ts';

export const Automation = builder.objectRef<AutomationRow>('Automation').implement({
  description: 'An automation: a trigger and the actions to run when it fires.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name of this automation' }),
    description: t.exposeString('description', { description: 'A longer description of this automation' }),
    enabled: t.exposeBoolean('enabled', { description: 'Whether this automation will be evaluated' }),
    tags: t.field({ type: ['String'], description: 'A list of tags associated with this automation', resolve: (a) => toAutomation(a).tags }),
    trigger: t.field({
      type: 'JSON',
      description: 'The criteria for which events this Automation covers and how it will respond to the presence or absence of those events',
      extensions: { secondsKeys: ['within'] },
      resolve: (a) => a.trigger as never,
    }),
    actions: t.field({
      type: ['JSON'],
      description: 'The actions to perform when this Automation triggers',
      extensions: { secondsKeys: ['schedule_after'] },
      resolve: (a) => toAutomation(a).actions as never,
    }),
    actions_on_trigger: t.field({
      type: ['JSON'],
      description: 'The actions to perform when an Automation goes into a triggered state',
      extensions: { secondsKeys: ['schedule_after'] },
      resolve: (a) => toAutomation(a).actions_on_trigger as never,
    }),
    actions_on_resolve: t.field({
      type: ['JSON'],
      description: 'The actions to perform when an Automation goes into a resolving state',
      extensions: { secondsKeys: ['schedule_after'] },
      resolve: (a) => toAutomation(a).actions_on_resolve as never,
    }),
    id: t.field({ description: 'The automation id (server-made).', type: 'UUID', resolve: (a) => a.id }),
    created: t.field({ description: 'When the automation was created.', type: 'DateTime', resolve: (a) => a.created }),
    updated: t.field({ description: 'When the automation was last changed.', type: 'DateTime', resolve: (a) => a.updated }),
  }),
});

const coreFields = (t: any) => ({
  name: t.string({ required: true, description: 'The name of this automation' }),
  description: t.string({ description: 'A longer description of this automation; defaults to "" (null is refused)' }),
  enabled: t.boolean({ description: 'Whether this automation will be evaluated; defaults to true (null is refused)' }),
  tags: t.stringList({ description: 'A list of tags associated with this automation; defaults to [] (null is refused)' }),
  trigger: t.field({
    type: 'JSON',
    required: true,
    description: 'The trigger: an `event`, `compound` or `sequence` trigger object (every id is replaced by the server)',
  }),
  actions: t.field({ type: ['JSON'], required: { list: true, items: false }, description: 'The actions to perform when this Automation triggers' }),
  actions_on_trigger: t.field({
    type: ['JSON'],
    required: { list: false, items: false },
    description: 'The actions to perform when an Automation goes into a triggered state; defaults to [] (null is refused)',
  }),
  actions_on_resolve: t.field({
    type: ['JSON'],
    required: { list: false, items: false },
    description: 'The actions to perform when an Automation goes into a resolving state; defaults to [] (null is refused)',
  }),
});

export const AutomationCreate = builder.inputType('AutomationCreate', {
  description: 'Data used to create an automation.',
  fields: (t) => ({
    ...coreFields(t),
    owner_resource: t.string({ description: 'The resource to which this automation belongs' }),
  }),
});

export const AutomationUpdate = builder.inputType('AutomationUpdate', {
  description: 'Data used to replace an automation: every field is written, omitted ones revert to their defaults.',
  fields: (t) => coreFields(t),
});

export const AutomationPartialUpdate = builder.inputType('AutomationPartialUpdate', {
  description: 'Data used to enable or disable an automation.',
  fields: (t) => ({
    enabled: t.boolean({ description: 'Whether this automation will be evaluated; defaults to true' }),
  }),
});

export const AutomationSort = sortEnum('AutomationSort', {
  CREATED_DESC: { description: 'Newest first', orderBy: [{ created: 'desc' }] },
  UPDATED_DESC: { description: 'Most recently updated first', orderBy: [{ updated: 'desc' }] },
  NAME_ASC: { description: 'By name, A to Z', orderBy: [{ name: 'asc' }] },
  NAME_DESC: { description: 'By name, Z to A', orderBy: [{ name: 'desc' }] },
});
