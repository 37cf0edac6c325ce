/**
 * The private drafts doc `s.<space>.user.<userId>.drafts` (only that member may open it):
 * Y.Map 'drafts': contactId → Draft. One draft per contact, saved as the member types.
 */
export const DRAFTS = { drafts: 'drafts' } as const;

export interface Draft {
  text: string;
  at: number;
}
