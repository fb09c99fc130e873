import * as z from 'zod';
import { AlertChannel } from '../../contracts/alert-channel';
import { Priority } from '../../contracts/triage';
import { BusinessCalendar } from './calendars';

/** A duration written as `15m`, `1h`, `4h`, `2d` or `90s`. */
export const Duration = z
  .string()
  .regex(/^\d+(s|m|h|d)$/, 'a duration such as 15m, 1h or 2d')
  .transform((text) => {
    const amount = Number(text.slice(0, -1));
    const unit = text.slice(-1) as 's' | 'm' | 'h' | 'd';
    return amount * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit];
  });

export const EscalationLevel = z.strictObject({
  level: z.number().int().positive(),
  /** Delay after the breach (level 1 is normally 0m). */
  after: Duration,
  channels: z.array(AlertChannel).min(1),
  /** Only cases of these priorities escalate to this level (all when absent). */
  priorities: z.array(Priority).optional(),
});
export type EscalationLevel = z.infer<typeof EscalationLevel>;

export const SlaTargets = z.strictObject({
  firstResponse: Duration,
  nextResponse: Duration.optional(),
  resolution: Duration.optional(),
});

export const SlaPolicy = z.strictObject({
  id: z.string().min(1),
  /** Which cases this policy covers; the first matching policy wins. */
  match: z
    .strictObject({
      brands: z.array(z.string()).optional(),
      sources: z.array(z.string()).optional(),
    })
    .default({}),
  /** Id of a business-hours calendar in `sla.calendars`; absent means 24/7. */
  calendar: z.string().min(1).optional(),
  targets: z.strictObject({ P1: SlaTargets, P2: SlaTargets, P3: SlaTargets, P4: SlaTargets }),
  escalation: z.strictObject({
    /** Fraction of the target after which a warning goes out (0 disables it). */
    warningAt: z.number().min(0).max(1).default(0.8),
    warningChannels: z.array(AlertChannel).default(['slack']),
    levels: z
      .array(EscalationLevel)
      .min(1)
      .refine(
        (levels) =>
          levels.every((level, index) => {
            const previous = levels[index - 1];
            return !previous || (previous.level < level.level && previous.after <= level.after);
          }),
        'levels must be listed by rising level number with delays that never shrink',
      ),
  }),
  /**
   * The calendar named by `calendar`, filled in when the whole SLA configuration is parsed; the
   * deadline math reads this one.
   */
  businessCalendar: BusinessCalendar.optional(),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;
export type SlaPolicyInput = z.input<typeof SlaPolicy>;

/** The default policy, 24/7: first response P1 15 min, P2 1 h, P3 4 h, P4 24 h. */
export const DEFAULT_SLA_POLICY: SlaPolicyInput = {
  id: 'default',
  targets: {
    P1: { firstResponse: '15m', nextResponse: '15m' },
    P2: { firstResponse: '1h', nextResponse: '1h' },
    P3: { firstResponse: '4h', nextResponse: '4h' },
    P4: { firstResponse: '24h', nextResponse: '24h' },
  },
  escalation: {
    warningAt: 0.8,
    warningChannels: ['slack'],
    levels: [
      { level: 1, after: '0m', channels: ['slack'] },
      { level: 2, after: '15m', channels: ['pagerduty'], priorities: ['P1', 'P2'] },
    ],
  },
};

/** SLA policies and the business-hours calendars they use; policies get their calendar resolved. */
export const SlaConfig = z
  .strictObject({
    calendars: z.array(BusinessCalendar).default([]),
    policies: z
      .array(SlaPolicy)
      .min(1)
      .default([SlaPolicy.parse(DEFAULT_SLA_POLICY)]),
  })
  .superRefine((config, context) => {
    const ids = config.calendars.map((calendar) => calendar.id);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) {
        context.addIssue({
          code: 'custom',
          path: ['calendars', index, 'id'],
          message: `calendar id ${id} is used twice`,
        });
      }
    });
    config.policies.forEach((policy, index) => {
      if (policy.calendar && !ids.includes(policy.calendar)) {
        context.addIssue({
          code: 'custom',
          path: ['policies', index, 'calendar'],
          message: `no calendar with id ${policy.calendar} in sla.calendars (known: ${ids.join(', ') || 'none'})`,
        });
      }
    });
  })
  .transform((config) => ({
    ...config,
    policies: config.policies.map((policy) => ({
      ...policy,
      businessCalendar: config.calendars.find((calendar) => calendar.id === policy.calendar),
    })),
  }));
export type SlaConfig = z.infer<typeof SlaConfig>;
