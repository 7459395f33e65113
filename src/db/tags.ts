// Tags are stored twice: as sent (JSON, order and duplicates kept, what
// responses show) and one row per distinct tag in `<resource>_tag`, which the
// tag filters search. These helpers keep the two in step on every write.
import { ValidationError } from '../errors.ts';

/**
 * Tags per object. Ours (Prefect has no bound): 100,000 tags on one create held
 * the event loop for about a minute while the rows were built one by one.
 */
export const MAX_TAGS = 500;

function tagRows(tags: string[]) {
  if (tags.length > MAX_TAGS) {
    throw new ValidationError([
      {
        type: 'too_long',
        loc: ['body', 'tags'],
        msg: `List should have at most ${MAX_TAGS} items after validation, not ${tags.length}`,
        input: tags,
        ctx: { field_type: 'List', max_length: MAX_TAGS, actual_length: tags.length },
      },
    ]);
  }
  // One INSERT for all of them, not one per tag.
  return { createMany: { data: [...new Set(tags)].map((tag) => ({ tag })) } };
}

export function tagRowsOnCreate(tags: string[]) {
  return tagRows(tags);
}

export function tagRowsOnReplace(tags: string[]) {
  return { deleteMany: {}, ...tagRows(tags) };
}
