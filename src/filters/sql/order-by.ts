// Prisma `orderBy` lists (src/filters/sort.ts) → ORDER BY terms. NULL placement
// is written out only where the sort asks for it, as Prisma does; elsewhere the
// columns are non-null (name, id) and each database's default cannot show.
import type { OrderBy } from '../sort.ts';
import type { ModelInfo } from './datamodel.ts';
import { quote } from './params.ts';

export function compileOrderBy(model: ModelInfo, alias: string, orderBy: OrderBy): string {
  return orderBy
    .flatMap((term) =>
      Object.entries(term).map(([field, spec]) => {
        if (!model.columns.has(field)) throw new Error(`SQL order by: unknown column ${model.name}.${field}`);
        const col = `${alias}.${quote(field)}`;
        if (typeof spec === 'string') return `${col} ${direction(spec)}`;
        return `${col} ${direction(spec.sort)} NULLS ${spec.nulls === 'first' ? 'FIRST' : 'LAST'}`;
      }),
    )
    .join(', ');
}

const direction = (d: string) => (d === 'desc' ? 'DESC' : 'ASC');
