/** A nämnd and the förvaltning serving it. Never deleted (matters refer to it): deactivated instead. */
export interface Committee {
  id: number;
  name: string;
  administration: string;
  active: boolean;
  version: number;
}

/** Names are compared the way a person reads them: "socialnämnden" is the same nämnd as "Socialnämnden". */
export function sameCommitteeName(a: string, b: string): boolean {
  return a.toLocaleLowerCase('sv') === b.toLocaleLowerCase('sv');
}
