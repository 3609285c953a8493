import { sql, type Expression, type ExpressionBuilder, type ReferenceExpression, type SqlBool } from 'kysely';

/**
 * `column IN (ids)`, for the ids a name search found (src/http/name-filter.ts): no ids match
 * nothing, since SQL has no empty IN list.
 */
export function oneOf<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: ReferenceExpression<DB, TB>,
  ids: readonly number[],
): Expression<SqlBool> {
  return ids.length ? eb(column, 'in', ids as never) : sql<SqlBool>`0`;
}
