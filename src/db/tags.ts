// Tags are stored twice: as sent (JSON, order and duplicates kept, what
// responses show) and one row per distinct tag in `<resource>_tag`, which the
// tag filters search. These helpers keep the two in step on every write.
export function tagRowsOnCreate(tags: string[]) {
  return { create: [...new Set(tags)].map((tag) => ({ tag })) };
}

export function tagRowsOnReplace(tags: string[]) {
  return { deleteMany: {}, ...tagRowsOnCreate(tags) };
}
