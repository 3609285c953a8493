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
  markAttachmentsWronglyUploaded: (r: Role) => r === 'director',
};

/**
 * Who may write an action's statusuppdatering (and attach evidence to it): the förvaltningschef
 * any, a chef her own, and her ersättare while standing in for her (`standsInFor`: the chefs the
 * user stands in for today).
 */
export function mayUpdateStatus(
  user: { id: number; role: Role },
  action: { ownerId: number },
  standsInFor: readonly number[] = [],
): boolean {
  return (
    may.updateAnyActionStatus(user.role) ||
    (may.updateOwnActionStatus(user.role) && (action.ownerId === user.id || standsInFor.includes(action.ownerId)))
  );
}
