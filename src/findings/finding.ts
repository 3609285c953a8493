export interface Finding {
  id: number;
  matterId: number;
  title: string;
  description: string;
  /** false when IVO only "skickar med" the point: it never counts towards the svarsdatum. */
  responseRequired: boolean;
  version: number;
  /** When the brist was registered. */
  createdAt: string;
}

export interface FindingInput {
  title: string;
  description: string;
  responseRequired: boolean;
}
