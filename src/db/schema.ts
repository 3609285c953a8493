import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Column types say what better-sqlite3 really returns: ISO strings for dates and
// instants, 0 | 1 for flags, null where the column is nullable.
type Flag = 0 | 1;

export interface SettingTable {
  key: string;
  value: string;
}

export interface CommitteeTable {
  id: Generated<number>;
  name: string;
  administration: ColumnType<string, string | undefined, string>;
  active: ColumnType<Flag, Flag | undefined, Flag>;
  version: ColumnType<number, number | undefined, number>;
  created_at: string;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  active: ColumnType<Flag, Flag | undefined, Flag>;
  version: ColumnType<number, number | undefined, number>;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  sid: string;
  data: string;
  expires_at: number;
  /** Set for logged-in sessions, so a user's sessions can all be ended (migration 004). */
  user_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface LoginFailureTable {
  id: Generated<number>;
  /** The e-mail address as typed, lower-cased, whether or not such a user exists. */
  account: string;
  /** The client address (req.ip, so X-Forwarded-For only when TRUST_PROXY is set). */
  source: string;
  /** Milliseconds since the epoch, from the injected clock. */
  failed_at: number;
}

export interface LoginLockTable {
  kind: 'pair' | 'account' | 'source';
  key: string;
  locked_until: number;
}

export interface OneTimeTokenTable {
  id: Generated<number>;
  token_hash: string;
  purpose: string;
  user_id: number | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface MatterTable {
  id: Generated<number>;
  committee_id: number;
  kind: string;
  title: string;
  unit: string;
  ivo_reference: string;
  own_reference: string;
  decided_on: string | null;
  respond_by: string | null;
  /** The day (Europe/Stockholm) the current respond_by was set; a redovisning counts from then. */
  respond_by_since: string | null;
  /** When the closing was saved (an instant), which may be long after closed_on. */
  closed_recorded_at: string | null;
  fine_amount: number | null;
  fine_status: string;
  final_on: string | null;
  follow_up_on: string | null;
  legal_basis: string;
  description: string;
  closed_on: string | null;
  closed_note: string;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: string;
  updated_by: number | null;
  updated_at: string;
}

export interface FindingTable {
  id: Generated<number>;
  matter_id: number;
  title: string;
  description: string;
  response_required: Flag;
  version: ColumnType<number, number | undefined, number>;
  created_at: string;
  updated_at: string;
  /** Uppföljning av effekt: 'achieved' | 'partly' | 'not', its day and comment; null until assessed. */
  effect: Generated<string | null>;
  effect_assessed_on: Generated<string | null>;
  effect_comment: Generated<string>;
}

export interface ActionTable {
  id: Generated<number>;
  committee_id: number;
  title: string;
  description: string;
  owner_id: number;
  due_on: string;
  status: string;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface ActionFindingTable {
  action_id: number;
  finding_id: number;
}

export interface ActionUpdateTable {
  id: Generated<number>;
  action_id: number;
  user_id: number;
  created_at: string;
  from_status: string | null;
  to_status: string;
  comment: string;
  /** A moved slutdatum: the date before and after (the comment is the reason); null otherwise. */
  from_due_on: Generated<string | null>;
  to_due_on: Generated<string | null>;
  /** A chef's request for a new slutdatum and its answer: 'requested' | 'approved' | 'declined'; null for a direct move. */
  due_request: Generated<string | null>;
  /** Written by an ersättare: the chef it was written for (migration 011). */
  on_behalf_of: Generated<number | null>;
}

/** An ersättare standing in for a chef (user_id) from from_on to to_on, both days included. */
export interface SubstituteTable {
  id: Generated<number>;
  user_id: number;
  substitute_id: number;
  from_on: string;
  to_on: string;
  created_by: number | null;
  created_at: string;
  version: Generated<number>;
  updated_at: string;
}

export interface MeetingTable {
  id: Generated<number>;
  committee_id: number;
  held_on: string;
  title: string;
  own_reference: string;
  place: string;
  note: string;
  cancelled_at: string | null;
  cancelled_reason: ColumnType<string, string | undefined, string>;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** Append-only (triggers refuse UPDATE and DELETE). */
export interface ReportTable {
  id: Generated<number>;
  meeting_id: number;
  committee_id: number;
  version_no: number;
  document_id: string;
  reason: string;
  snapshot: string;
  pdf: Buffer;
  sha256: string;
  issued_by: number;
  issued_at: string;
  /** The Word file of the same frozen content (migration 011); null for reports issued before it. */
  docx: Generated<Buffer | null>;
  docx_sha256: Generated<string | null>;
}

/** The tjänsteskrivelse a sammanträde's återrapportering is sent with, while it is a draft. */
export interface ReportFrameTable {
  id: Generated<number>;
  meeting_id: number;
  addressee: string;
  dated_on: string;
  reference: string;
  officer: string;
  subject: string;
  proposal: string;
  /** Null: generated from the report's figures. */
  summary: string | null;
  background: string;
  assessment: string;
  consequences: string;
  signatory_name: string;
  signatory_title: string;
  attachments: string;
  version: Generated<number>;
  updated_by: number | null;
  updated_at: string;
}

/** A user's secret calendar address, as its SHA-256 (one per user; renewing replaces it). */
export interface CalendarFeedTable {
  user_id: number;
  token_sha256: string;
  created_at: string;
}

/** Every mail the app sends, written first here (unsent: sent_at null; the utkorg without SMTP). */
export interface OutboxTable {
  id: Generated<number>;
  user_id: number | null;
  to_address: string;
  subject: string;
  text: string;
  html: string;
  created_at: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
}

/** Which (user, item, threshold) has been reminded of, and by which mail: each exactly once. */
export interface ReminderSentTable {
  user_id: number;
  item: string;
  threshold: string;
  outbox_id: number;
}

/** A user's choice of reminders: on or off, daily or on one weekday (1 = Monday … 5 = Friday). */
export interface ReminderSettingsTable {
  user_id: number;
  enabled: Generated<number>;
  weekly_on: number | null;
  /** Kinds of reminder turned off, comma-separated. */
  muted: Generated<string>;
  updated_at: string;
}

/** The kommun's name and logo (one row, id 1). */
export interface OrganisationTable {
  id: number;
  municipality: string;
  logo: Buffer | null;
  logo_sha256: string | null;
  version: Generated<number>;
  updated_by: number | null;
  updated_at: string;
}

/** Single sign-on: a group of the identity provider (its id or name) and the role it gives. Audited. */
export interface SsoRoleMappingTable {
  id: Generated<number>;
  claim_value: string;
  role: string;
  created_at: string;
}

/** Append-only (triggers refuse UPDATE and DELETE). */
export interface SubmissionTable {
  id: Generated<number>;
  matter_id: number;
  round_no: number;
  sent_on: string;
  note: string;
  document_id: string;
  snapshot: string;
  pdf: Buffer;
  sha256: string;
  registered_by: number;
  registered_at: string;
  /** The covering frame typed at registration (migration 011). */
  addressee: Generated<string>;
  /** The nämnd's decision, e.g. "§ 45". */
  decision: Generated<string>;
  decision_on: Generated<string | null>;
  covering_text: Generated<string>;
  /** Bilagor, one per line. */
  attachments: Generated<string>;
  docx: Generated<Buffer | null>;
  docx_sha256: Generated<string | null>;
}

export interface SubmissionFindingTable {
  submission_id: number;
  finding_id: number;
}

/** A bilaga of one item (migration 012): never deleted, only marked felaktigt uppladdad. */
export interface AttachmentTable {
  id: Generated<number>;
  /** The item's matter; null for an åtgärd's bilaga (an åtgärd may address brister of several matters). */
  matter_id: number | null;
  finding_id: number | null;
  action_id: number | null;
  submission_id: number | null;
  /** 'decision' | 'minutes' | 'evidence' | 'other' (attachments/attachment.ts). */
  document_kind: string;
  description: string;
  file_name: string;
  /** The type detected from the content, never the one the browser sent. */
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: number;
  uploaded_at: string;
  wrongly_uploaded_at: ColumnType<string | null, string | null | undefined, string | null>;
  wrongly_uploaded_by: ColumnType<number | null, number | null | undefined, number | null>;
  wrongly_uploaded_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The bytes of a bilaga, apart from its row so that lists never read them. */
export interface AttachmentContentTable {
  attachment_id: number;
  content: Buffer;
}

/** A personal access token of the read-only API (migration 014): only its SHA-256 is stored. Audited. */
export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_sha256: string;
  /** The token's first characters, to tell tokens apart in lists. */
  hint: string;
  /** The last day it works (Europe/Stockholm), inclusive. */
  expires_on: string;
  created_by: number;
  created_at: string;
  revoked_by: number | null;
  revoked_at: string | null;
}

/** One use of an API token; append-only and NOT audited (see migration 014). */
export interface ApiTokenUseTable {
  id: Generated<number>;
  token_id: number;
  at: string;
  method: string;
  path: string;
  status: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  entity: string;
  entity_id: number | null;
  matter_id: number | null;
  operation: 'insert' | 'update' | 'delete';
  before_json: string | null;
  after_json: string | null;
}

export interface AuditActorTable {
  only: number;
  user_id: number | null;
  at: string | null;
}

/** One run of a scheduled job, claimed by the process that runs it (migration 017). */
export interface JobRunTable {
  job: string;
  /** The minute the run was scheduled for, ISO (UTC). */
  occurrence: string;
  /** Which process claimed it: host and pid. */
  holder: string;
  started_at: string;
}

/** An import plan's file between its preview and its confirmation (migration 017). */
export interface ImportDraftTable {
  token: string;
  user_id: number;
  matter_id: number | null;
  file: Buffer;
  bytes: number;
  /** Milliseconds since the epoch, on the app's clock. */
  created_at: number;
}

/** Requests per API token in the current rate-limit window (migration 017). */
export interface ApiRateCountTable {
  key: string;
  hits: number;
  /** Milliseconds since the epoch when the window ends. */
  resets_at: number;
}

export interface Database {
  job_runs: JobRunTable;
  import_drafts: ImportDraftTable;
  api_rate_counts: ApiRateCountTable;
  login_failures: LoginFailureTable;
  login_throttle: LoginLockTable;
  audit_log: AuditLogTable;
  audit_actor: AuditActorTable;
  settings: SettingTable;
  committees: CommitteeTable;
  users: UserTable;
  sessions: SessionTable;
  one_time_tokens: OneTimeTokenTable;
  matters: MatterTable;
  findings: FindingTable;
  actions: ActionTable;
  action_findings: ActionFindingTable;
  action_updates: ActionUpdateTable;
  meetings: MeetingTable;
  reports: ReportTable;
  report_frames: ReportFrameTable;
  organisation: OrganisationTable;
  calendar_feeds: CalendarFeedTable;
  substitutes: SubstituteTable;
  outbox: OutboxTable;
  reminders_sent: ReminderSentTable;
  reminder_settings: ReminderSettingsTable;
  submissions: SubmissionTable;
  submission_findings: SubmissionFindingTable;
  attachments: AttachmentTable;
  attachment_contents: AttachmentContentTable;
  api_tokens: ApiTokenTable;
  api_token_uses: ApiTokenUseTable;
  sso_role_mappings: SsoRoleMappingTable;
  action_owner_counts: ActionOwnerCountTable;
  filter_choices_version: FilterChoicesVersionTable;
  owed_matters: OwedMatterTable;
}

/** The open matters that owe IVO a redovisning (owedToIvo) and their svarsdatum, kept by migration 016's triggers. */
export interface OwedMatterTable {
  matter_id: number;
  respond_by: string;
}

/** Actions per ansvarig, kept by migration 016's triggers (the other tallies it keeps are read with sql``). */
export interface ActionOwnerCountTable {
  owner_id: number;
  n: number;
}

/** Moves when the action list's filter choices may have changed (migration 018's triggers). */
export interface FilterChoicesVersionTable {
  only: number;
  n: number;
}

export type MatterRow = Selectable<MatterTable>;
export type NewMatterRow = Insertable<MatterTable>;
export type MatterRowUpdate = Updateable<MatterTable>;
export type FindingRow = Selectable<FindingTable>;
export type ActionRow = Selectable<ActionTable>;
export type ActionUpdateRow = Selectable<ActionUpdateTable>;
export type UserRow = Selectable<UserTable>;
export type CommitteeRow = Selectable<CommitteeTable>;
export type MeetingRow = Selectable<MeetingTable>;
export type ReportRow = Selectable<ReportTable>;
export type ReportFrameRow = Selectable<ReportFrameTable>;
export type SubmissionRow = Selectable<SubmissionTable>;
