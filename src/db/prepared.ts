import type { Compilable, CompiledQuery } from 'kysely';
import { readNow, type Db } from './connection.ts';

/** Stands for the n-th parameter while the query is built; found again among the compiled values. */
class Parameter {
  constructor(readonly index: number) {}
}

export interface PreparedQuery<P extends unknown[], O> {
  all(db: Db, ...params: P): Promise<O[]>;
  first(db: Db, ...params: P): Promise<O | undefined>;
}

/**
 * A query of fixed shape that runs on every page (the session, the signed-in user, the newest
 * audit id): Kysely builds and compiles it once, and each run only binds its parameter values.
 * Building and compiling costs 10–60 µs a query, 5–10 % of a page's CPU (BENCHMARKS.md, round 7).
 *
 * `build` must use each of its parameters only as a value in the query (`where(col, '=', p)`,
 * `limit(p)`), never to decide the query's shape: it is called once, with stand-ins. A stand-in
 * that does not reach the compiled values is refused when the query is first run; one that
 * reaches them and also decides the shape (`p === null ? … : where(col, '=', p)`) is not caught,
 * so keep such queries out of here. Nor can a
 * parameter be what Kysely writes into the SQL itself rather than binding it: null or a boolean
 * compared with `is`, a list for `in`, `eb.lit(…)`, a `case().then(…)` value.
 */
export function preparedQuery<P extends unknown[], O>(
  build: (db: Db, ...params: P) => Compilable<O>,
): PreparedQuery<P, O> {
  const arity = build.length - 1;
  let compiled: CompiledQuery<O> | undefined;

  function compile(db: Db): CompiledQuery<O> {
    const standIns = Array.from({ length: arity }, (_, i) => new Parameter(i));
    const query = build(db, ...(standIns as P)).compile();
    const used = new Set(query.parameters.flatMap((p) => (p instanceof Parameter ? [p.index] : [])));
    if (used.size !== arity) {
      throw new Error(
        `preparedQuery: parameter ${standIns.findIndex((p) => !used.has(p.index)) + 1} is not a value of the query: ${query.sql}`,
      );
    }
    return query;
  }

  async function all(db: Db, ...params: P): Promise<O[]> {
    if (params.length !== arity) throw new Error(`preparedQuery: ${arity} parameters expected, ${params.length} given`);
    compiled ??= compile(db);
    const parameters = compiled.parameters.map((p) => (p instanceof Parameter ? params[p.index] : p));
    const rows = readNow(db, compiled.sql, parameters);
    if (rows) return rows as O[];
    const result = await db.executeQuery<O>({
      query: compiled.query,
      queryId: compiled.queryId,
      sql: compiled.sql,
      parameters,
    });
    return result.rows;
  }

  return {
    all,
    first: async (db, ...params) => (await all(db, ...params))[0],
  };
}
