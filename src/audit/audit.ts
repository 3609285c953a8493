import { ACTION_STATUS_LABEL } from '../actions/action.ts';
import { FINE_STATUS_LABEL, MATTER_KIND_LABEL } from '../matters/matter.ts';
import { ROLE_LABEL } from '../users/roles.ts';
import { EFFECT_LABEL } from '../findings/finding.ts';
import { DOCUMENT_KIND_LABEL } from '../attachments/attachment.ts';
import { formatDate, formatDateTime, formatMoney } from '../shared/format.ts';

export const AUDITED_ENTITY_LABEL: Record<string, string> = {
  matters: 'Ärende',
  findings: 'Brist',
  actions: 'Åtgärd',
  action_findings: 'Åtgärd–brist',
  action_updates: 'Statusuppdatering',
  users: 'Användare',
  committees: 'Nämnd',
  meetings: 'Sammanträde',
  reports: 'Återrapportering',
  submissions: 'Redovisning till IVO',
  submission_findings: 'Redovisning–brist',
  report_frames: 'Tjänsteskrivelse',
  organisation: 'Kommunens uppgifter',
  substitutes: 'Ersättare',
  attachments: 'Bilaga',
  api_tokens: 'API-nyckel',
  sso_role_mappings: 'Rollkoppling (inloggning)',
};

export const OPERATION_LABEL = { insert: 'Skapad', update: 'Ändrad', delete: 'Borttagen' } as const;

/** The fields whose values differ, for showing "before → after". */
export function changedFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { field: string; before: unknown; after: unknown }[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const ignored = new Set(['version', 'updated_at', 'updated_by']);
  return [...keys]
    .filter((k) => !ignored.has(k) && JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null))
    .map((k) => ({ field: k, before: before?.[k] ?? null, after: after?.[k] ?? null }));
}

/** Swedish names of the recorded columns, so the log reads in the glossary's words. */
export const FIELD_LABEL: Record<string, string> = {
  id: 'Id',
  committee_id: 'Nämnd (id)',
  kind: 'Ärendetyp',
  title: 'Rubrik',
  unit: 'Verksamhet',
  ivo_reference: 'IVO:s diarienummer',
  own_reference: 'Eget diarienummer',
  decided_on: 'Beslutsdatum',
  respond_by: 'Svarsdatum',
  respond_by_since: 'Svarsdatum satt',
  closed_recorded_at: 'Avslut registrerat',
  fine_amount: 'Vitesbelopp',
  fine_status: 'Vitesstatus',
  final_on: 'Laga kraft',
  follow_up_on: 'Uppföljning',
  legal_basis: 'Rättslig grund',
  description: 'Beskrivning',
  closed_on: 'Avslutat',
  closed_note: 'Anteckning',
  matter_id: 'Ärende (id)',
  response_required: 'Kräver redovisning',
  owner_id: 'Ansvarig (id)',
  due_on: 'Slutdatum',
  status: 'Status',
  action_id: 'Åtgärd (id)',
  finding_id: 'Brist (id)',
  user_id: 'Användare (id)',
  from_status: 'Från status',
  to_status: 'Till status',
  comment: 'Kommentar',
  email: 'E-postadress',
  name: 'Namn',
  role: 'Roll',
  claim_value: 'Grupp (inloggning)',
  active: 'Aktiv',
  password_hash: 'Lösenord',
  administration: 'Förvaltning',
  created_at: 'Skapad',
  created_by: 'Skapad av (id)',
  updated_at: 'Ändrad',
  updated_by: 'Ändrad av (id)',
  held_on: 'Datum',
  place: 'Plats',
  note: 'Anteckning',
  cancelled_at: 'Inställt',
  cancelled_reason: 'Skäl till att sammanträdet ställdes in',
  meeting_id: 'Sammanträde (id)',
  version_no: 'Version',
  document_id: 'Dokument-id',
  reason: 'Anledning',
  snapshot: 'Innehåll (fryst)',
  pdf: 'PDF (byte)',
  sha256: 'SHA-256',
  issued_by: 'Utfärdad av (id)',
  issued_at: 'Utfärdad',
  round_no: 'Omgång',
  sent_on: 'Skickad',
  registered_by: 'Registrerad av (id)',
  registered_at: 'Registrerad',
  submission_id: 'Redovisning (id)',
  effect: 'Uppföljning av effekt',
  effect_assessed_on: 'Uppföljd',
  effect_comment: 'Kommentar till uppföljningen',
  from_due_on: 'Tidigare slutdatum',
  to_due_on: 'Nytt slutdatum',
  due_request: 'Begäran om slutdatum',
  addressee: 'Till',
  dated_on: 'Datum',
  reference: 'Diarienummer',
  officer: 'Handläggare',
  subject: 'Ärende',
  proposal: 'Förslag till beslut',
  summary: 'Sammanfattning',
  background: 'Bakgrund',
  assessment: 'Förvaltningens bedömning',
  consequences: 'Konsekvenser',
  signatory_name: 'Underskrift, namn',
  signatory_title: 'Underskrift, titel',
  attachments: 'Bilagor',
  municipality: 'Kommun',
  decision: 'Nämndens beslut',
  substitute_id: 'Ersättare (id)',
  from_on: 'Från',
  to_on: 'Till och med',
  on_behalf_of: 'För (id)',
  decision_on: 'Beslutsdatum (nämnden)',
  covering_text: 'Följebrev',
  logo: 'Logotyp (byte)',
  logo_sha256: 'Logotyp (SHA-256)',
  docx: 'Word (byte)',
  docx_sha256: 'Word (SHA-256)',
  document_kind: 'Slag av handling',
  file_name: 'Filnamn',
  content_type: 'Filtyp',
  size_bytes: 'Storlek (byte)',
  uploaded_by: 'Uppladdad av (id)',
  uploaded_at: 'Uppladdad',
  wrongly_uploaded_at: 'Markerad som felaktigt uppladdad',
  wrongly_uploaded_by: 'Markerad som felaktigt uppladdad av (id)',
  wrongly_uploaded_reason: 'Skäl till att bilagan är felaktigt uppladdad',
  hint: 'Nyckelns början',
  expires_on: 'Giltig till',
  revoked_by: 'Återkallad av (id)',
  revoked_at: 'Återkallad',
};

/** Labels of coded values, by the field that holds them; 'audit' was Revision's code before migration 008. */
const CODE_LABELS: Record<string, Record<string, string>> = {
  kind: { ...MATTER_KIND_LABEL, audit: MATTER_KIND_LABEL.revision },
  fine_status: FINE_STATUS_LABEL,
  status: ACTION_STATUS_LABEL,
  from_status: ACTION_STATUS_LABEL,
  to_status: ACTION_STATUS_LABEL,
  role: ROLE_LABEL,
  effect: EFFECT_LABEL,
  document_kind: DOCUMENT_KIND_LABEL,
};
const YES_NO_FIELDS = new Set(['response_required', 'active']);
const MONEY_FIELDS = new Set(['fine_amount']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A recorded value as a person reads it, in the glossary's words: labels instead of codes, Ja/Nej,
 * kronor, dates as "4 april 2026" and times in Europe/Stockholm; empty for no value.
 */
export function presentValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const labels = CODE_LABELS[field];
  if (labels && typeof value === 'string') return labels[value] ?? value;
  if (YES_NO_FIELDS.has(field)) return value === 1 || value === true ? 'Ja' : 'Nej';
  if (MONEY_FIELDS.has(field) && typeof value === 'number') return formatMoney(value);
  if (typeof value === 'string' && DATE.test(value)) return formatDate(value);
  if (typeof value === 'string' && INSTANT.test(value)) return formatDateTime(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
