// prefect.artifact-collection.created / .updated / .deleted (artifacts §4.4;
// Prefect's lifecycle._artifact_collection_event): the collection as resource
// named by its key, the latest artifact and its runs as related resources.
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import type { ArtifactCollectionRow } from './types.ts';

export function collectionEvent(action: 'created' | 'updated' | 'deleted', c: ArtifactCollectionRow, occurred: Date = new Date()): ReceivedEvent {
  const related: Record<string, string>[] = [{ 'prefect.resource.id': `prefect.artifact.${c.latest_id}`, 'prefect.resource.role': 'latest' }];
  if (c.flow_run_id) related.push({ 'prefect.resource.id': `prefect.flow-run.${c.flow_run_id}`, 'prefect.resource.role': 'flow-run' });
  if (c.task_run_id) related.push({ 'prefect.resource.id': `prefect.task-run.${c.task_run_id}`, 'prefect.resource.role': 'task-run' });
  return {
    occurred,
    event: `prefect.artifact-collection.${action}`,
    resource: { 'prefect.resource.id': `prefect.artifact-collection.${c.id}`, 'prefect.resource.name': c.key },
    related,
    payload: { key: c.key, type: c.type, data: c.data ?? null, description: c.description },
    id: uuid7(occurred.getTime()),
    follows: null,
    received: occurred,
  };
}
