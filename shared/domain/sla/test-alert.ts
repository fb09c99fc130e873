import type { SlaEventDetail } from '../../contracts/events';

/** The id prefix of the cases test alerts stand for; no real case id has it. */
export const TEST_ALERT_PREFIX = 'alert-test-';

/**
 * The detail of a synthetic level-1 SLA breach that names one channel: published on the bus like
 * the sweeper's, it goes through the same rule and notifier, so its delivery proves the wiring.
 */
export const testAlertDetail = (input: {
  readonly testId: string;
  readonly channel: string;
  readonly brand: string;
  readonly requestedBy: string;
  readonly now: Date;
}): SlaEventDetail => ({
  caseId: input.testId,
  version: 1,
  brand: input.brand,
  source: 'generic',
  status: 'open',
  priority: 'P1',
  author: { key: 'generic#alert-test', id: 'alert-test', source: 'generic', name: 'Test alert' },
  intents: [],
  urgency: [],
  excerpt: `Test alert to ${input.channel}, requested by ${input.requestedBy}. No customer is waiting: this checks that escalations reach you.`,
  occurredAt: input.now.toISOString(),
  level: 1,
  clock: 'first_response',
  channels: [input.channel],
  overdueSeconds: 0,
});
