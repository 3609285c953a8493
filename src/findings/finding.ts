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
  /** Uppföljning av effekt: the förvaltningschef's assessment of whether the actions worked; null until made. */
  effect: Effect | null;
  effectAssessedOn: string | null;
  effectComment: string;
}

export const EFFECTS = ['achieved', 'partly', 'not'] as const;
export type Effect = (typeof EFFECTS)[number];

export const EFFECT_LABEL: Record<Effect, string> = {
  achieved: 'Effekt uppnådd',
  partly: 'Delvis uppnådd',
  not: 'Ej uppnådd',
};

export interface EffectInput {
  effect: Effect;
  assessedOn: string;
  comment: string;
}

export interface FindingInput {
  title: string;
  description: string;
  responseRequired: boolean;
}
