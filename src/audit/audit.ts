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
  active: 'Aktiv',
  password_hash: 'Lösenord',
  administration: 'Förvaltning',
  created_at: 'Skapad',
  created_by: 'Skapad av (id)',
};
