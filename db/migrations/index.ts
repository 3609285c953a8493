import type { Migration } from 'kysely';
import * as m001 from './001_core.ts';
import * as m003 from './003_audit.ts';

// Listed by hand so migrations run the same under tsx and after any build.
export const migrations: Record<string, Migration> = {
  '001_core': m001,
  '003_audit': m003,
};
