// ArtifactSort and ArtifactCollectionSort (artifacts §6): five values, one
// column each; `id` breaks ties (house rule), NULL keys placed as PostgreSQL does.
import { nullable, sortEnum } from '../../filters/sort.ts';

const values = {
  CREATED_DESC: { description: 'Sort by `created`, newest first', orderBy: [{ created: 'desc' as const }] },
  UPDATED_DESC: { description: 'Sort by `updated`, newest first', orderBy: [{ updated: 'desc' as const }] },
  ID_DESC: { description: 'Sort by `id` in descending order', orderBy: [{ id: 'desc' as const }] },
  KEY_DESC: { description: 'Sort by `key` in descending order', orderBy: [{ key: nullable('desc') }] },
  KEY_ASC: { description: 'Sort by `key` in ascending order', orderBy: [{ key: nullable('asc') }] },
};

export const ArtifactSort = sortEnum('ArtifactSort', values);
export const ArtifactCollectionSort = sortEnum('ArtifactCollectionSort', values);
export const DEFAULT_ARTIFACT_SORT = 'ID_DESC';
