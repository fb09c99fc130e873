import { z } from 'zod';

/** How triage turns a classification and the author's standing into a priority; per brand. */
export const TriagePolicy = z.object({
  /** Followers from which an author counts as high reach. */
  highReachFollowers: z.number().int().nonnegative().default(10_000),
  /** Customer mentions within `chronicWindowDays` after which an author counts as a chronic ranter. */
  chronicMentions: z.number().int().positive().default(8),
  chronicWindowDays: z.number().int().positive().default(7),
  /** A customer's new mention joins their open case within this many hours. */
  threadWindowHours: z.number().positive().default(72),
});
export type TriagePolicy = z.infer<typeof TriagePolicy>;
