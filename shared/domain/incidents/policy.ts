import * as z from 'zod';

/** Where an incident is announced, and how often it is updated as it grows. */
export const IncidentStep = z.object({
  channel: z.string().min(1),
  /** Only incidents on these topics go to this channel (all when absent). */
  topics: z.array(z.string().min(1)).optional(),
  /**
   * An update goes out each time the incident's case count reaches its opening count × this
   * factor raised to a power (2: at 2×, 4×, 8×…), so a storm of thousands sends a handful.
   */
  updateFactor: z.number().gt(1).default(2),
});
export type IncidentStep = z.infer<typeof IncidentStep>;

/**
 * When a rise of one topic becomes an incident, and how incidents escalate. Defaults: 20
 * complaints on one topic within 10 minutes that are also 5× the topic's usual rate over the
 * previous 24 hours open an incident; Slack hears of it at once and at every doubling, PagerDuty
 * pages at once for outage and safety incidents and is updated at every tenfold rise.
 */
export const IncidentPolicy = z.object({
  enabled: z.boolean().default(true),
  windowMinutes: z.number().int().min(1).max(60).default(10),
  minCount: z.number().int().min(2).default(20),
  baselineFactor: z.number().min(1).default(5),
  baselineHours: z.number().int().min(1).max(168).default(24),
  /** Salient terms of a complaint counted as topics beside its urgency signals. */
  salientTerms: z.number().int().min(0).max(5).default(3),
  /** Sample mentions kept on an incident. */
  samples: z.number().int().min(1).max(20).default(5),
  ladder: z.array(IncidentStep).default([
    { channel: 'slack', updateFactor: 2 },
    { channel: 'pagerduty', topics: ['urgency:outage', 'urgency:safety'], updateFactor: 10 },
  ]),
});
export type IncidentPolicy = z.infer<typeof IncidentPolicy>;
