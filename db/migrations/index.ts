import type { Migration } from 'kysely';
import * as m001 from './001_core.ts';
import * as m002 from './002_meetings_reports.ts';
import * as m003 from './003_audit.ts';
import * as m004 from './004_security.ts';
import * as m005 from './005_performance_indexes.ts';
import * as m006 from './006_action_filters.ts';
import * as m007 from './007_open_actions.ts';
import * as m008 from './008_matter_kind_revision.ts';
import * as m009 from './009_recorded_days.ts';
import * as m010 from './010_progress_notes.ts';
import * as m011 from './011_documents.ts';
import * as m012 from './012_attachments.ts';
import * as m013 from './013_search.ts';
import * as m014 from './014_api_tokens.ts';
import * as m015 from './015_sso.ts';
import * as m016 from './016_fresh_counts.ts';
import * as m017 from './017_workers.ts';
import * as m018 from './018_choice_versions.ts';
import * as m019 from './019_month_counts.ts';

// Listed by hand so migrations run the same under tsx and after any build.
export const migrations: Record<string, Migration> = {
  '001_core': m001,
  '002_meetings_reports': m002,
  '003_audit': m003,
  '004_security': m004,
  '005_performance_indexes': m005,
  '006_action_filters': m006,
  '007_open_actions': m007,
  '008_matter_kind_revision': m008,
  '009_recorded_days': m009,
  '010_progress_notes': m010,
  '011_documents': m011,
  '012_attachments': m012,
  '013_search': m013,
  '014_api_tokens': m014,
  '015_sso': m015,
  '016_fresh_counts': m016,
  '017_workers': m017,
  '018_choice_versions': m018,
  '019_month_counts': m019,
};
