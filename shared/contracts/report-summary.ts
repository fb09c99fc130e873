import * as z from 'zod';

const Rate = z.number().min(0).nullable();
const SlaAttainment = z.object({ met: z.number(), breached: z.number(), attainment: Rate });

/** What `GET /reports/summary` answers. */
export const ReportSummary = z.object({
  from: z.string().datetime({ offset: true }),
  to: z.string().datetime({ offset: true }),
  brand: z.string().optional(),
  mentions: z.object({
    total: z.number(),
    bySource: z.record(z.string(), z.number()),
    byIntent: z.record(z.string(), z.number()),
    bySentiment: z.record(z.string(), z.number()),
  }),
  cases: z.object({
    opened: z.number(),
    openedByPriority: z.record(z.string(), z.number()),
    needingResponse: z.number(),
    /** Praise worth amplifying (thanking or sharing publicly). */
    toAmplify: z.number(),
    responded: z.number(),
    /** Responded ÷ opened among cases that needed a response; null when none did. */
    responseRate: Rate,
  }),
  firstResponse: z.object({
    count: z.number(),
    meanSeconds: z.number().nullable(),
    /** Median and 90th percentile (nearest rank), estimated within histogram buckets. */
    medianSeconds: z.number().nullable(),
    p90Seconds: z.number().nullable(),
  }),
  sla: z.record(z.string(), SlaAttainment),
});
export type ReportSummary = z.infer<typeof ReportSummary>;
