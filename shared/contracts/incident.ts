import * as z from 'zod';
import { Actor } from './case';

export const IncidentStatus = z.enum(['open', 'resolved']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** One mention shown on an incident as an example of what customers say. */
export const IncidentSample = z.object({
  caseId: z.string(),
  source: z.string(),
  author: z.string(),
  excerpt: z.string(),
  url: z.string().optional(),
});
export type IncidentSample = z.infer<typeof IncidentSample>;

/**
 * Many customers reporting one problem at once: one item that holds their cases, escalates once
 * on its own ladder, and is answered and resolved as one.
 */
export const Incident = z.object({
  incidentId: z.string(),
  brand: z.string(),
  /** `urgency:<signal>` or `term:<word>`. */
  topic: z.string(),
  status: IncidentStatus,
  openedAt: z.string().datetime({ offset: true }),
  /** Mentions of the topic in the window when it opened, and the usual count for such a window. */
  openedWith: z.number().int().positive(),
  baselinePerWindow: z.number().nonnegative(),
  caseCount: z.number().int().nonnegative(),
  /** Cases that joined, per UTC minute (`YYYY-MM-DDTHH:MM`). */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  samples: z.array(IncidentSample),
  /** Channels the ladder announced it on; they hear of its growth and its end. */
  channels: z.array(z.string()),
  resolvedAt: z.string().datetime({ offset: true }).optional(),
  resolvedBy: Actor.optional(),
});
export type Incident = z.infer<typeof Incident>;
