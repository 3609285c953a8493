export const ROLES = ['admin', 'director', 'secretary', 'manager', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Administratör',
  director: 'Förvaltningschef',
  secretary: 'Nämndsekreterare',
  manager: 'Chef',
  reader: 'Läsare',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who may do what; routes ask these, never compare role strings themselves. */
export const may = {
  readMatters: (r: Role) => true as boolean,
  editMatters: (r: Role) => r === 'director',
  updateAnyActionStatus: (r: Role) => r === 'director',
  updateOwnActionStatus: (r: Role) => r === 'director' || r === 'manager',
  manageUsers: (r: Role) => r === 'admin',
  manageCommittees: (r: Role) => r === 'admin',
  ownActions: (r: Role) => r === 'director' || r === 'manager',
  manageMeetings: (r: Role) => r === 'director' || r === 'secretary',
  issueReports: (r: Role) => r === 'director' || r === 'secretary',
  registerSubmissions: (r: Role) => r === 'director' || r === 'secretary',
  readAuditLog: (r: Role) => r === 'admin' || r === 'director',
  readServerDetails: (r: Role) => r === 'admin',
};
