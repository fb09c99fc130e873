/**
 * Alert delivery under pressure, on the real notifier against DynamoDB Local and the Slack and
 * PagerDuty stand-ins, which answer 429 past the services' documented limits: a burst far beyond
 * a channel's pace ends in a bounded number of messages that account for every alert, and no
 * invocation fails (so nothing could reach the notify DLQ); an alert held at the worst moment
 * keeps its place before the alerts after it.
 */
import { createNotifierHandler } from '../../../functions/notifier';
import { type AlertSink, startAlertSink } from '../../../infra/local/alert-sink';
import { ChannelPaceStore } from '../../../shared/adapters/dynamodb/channel-pace-store';
import { HeldAlertStore } from '../../../shared/adapters/dynamodb/held-alert-store';
import { incidentOpenedEvent } from '../../fixtures/escalation/incident-opened';
import { caseRespondedEvent, slaBreachedEvent } from '../../fixtures/escalation/sla-breached';
import { createTestTable, type TestTable, testRuntimeContext } from '../../support/emulators';

const ROUTING_KEY = 'R0UT1NGKEY0000000000000000000000';
const BURST = 200;

/** What an EventBridge schedule hands the notifier every minute. */
const scheduledEvent = () => ({
  version: '0',
  id: 'c9f2a7a4-1d0b-4a53-8c1f-6a1d3b2e0f99',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-05-04T09:30:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/held-alerts'],
  detail: {},
});

/**
 * Invokes the notifier as Lambda does for a burst of asynchronous invocations, at most
 * `concurrency` at a time (the function's concurrency), and returns those that failed.
 */
const invokeAll = async (invocations: readonly unknown[], concurrency = 20) => {
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < invocations.length; index = next++) {
      await notifier(invocations[index]).catch((error: unknown) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
};

const caseIdOf = (index: number) => `01JTB6Q2Z8K4M7V3X9R5N${String(index).padStart(5, '0')}`;

let table: TestTable;
let sink: AlertSink;
let notifier: ReturnType<typeof createNotifierHandler>;

beforeEach(async () => {
  table = await createTestTable();
  sink = await startAlertSink();
  notifier = createNotifierHandler(
    testRuntimeContext({
      table,
      config: {
        publicUrl: 'https://responder.example.com',
        channels: { pagerduty: { eventsUrl: sink.urlOf('pagerduty') } },
      },
      secrets: { SLACK_WEBHOOK_URL: sink.urlOf('slack'), PAGERDUTY_ROUTING_KEY: ROUTING_KEY },
    }),
  );
});
afterEach(async () => {
  jest.restoreAllMocks();
  await sink.stop();
  await table.delete();
});

/** Runs the schedule's flush until the channel holds nothing (each run sends what fits in it). */
const flushAll = async (channel: 'slack' | 'pagerduty', limit = 6) => {
  for (let run = 0; run < limit; run += 1) {
    const before = sink.alerts.filter((alert) => alert.channel === channel).length;
    await notifier(scheduledEvent());
    const after = sink.alerts.filter((alert) => alert.channel === channel).length;
    if (after === before) return;
  }
};

const slackTexts = () =>
  sink.alerts
    .filter((alert) => alert.channel === 'slack')
    .map((alert) => JSON.stringify(alert.body));

describe('notifier under a burst', () => {
  it('sends a burst of 200 Slack alerts as a few messages and digests that name every case', async () => {
    const failures = await invokeAll(
      Array.from({ length: BURST }, (_, index) => ({
        channel: 'slack',
        event: { ...slaBreachedEvent({ caseId: caseIdOf(index) }), id: `burst-slack-${index}` },
      })),
    );
    expect(failures).toEqual([]);
    await flushAll('slack');

    const texts = slackTexts();
    // Burst of 3, then one a second for the 5 s an alert may wait; the rest in 40-line digests.
    expect(texts.length).toBeLessThanOrEqual(3 + 6 + Math.ceil(BURST / 40));
    for (let index = 0; index < BURST; index += 1) {
      expect(texts.filter((text) => text.includes(caseIdOf(index)))).toHaveLength(1);
    }
    const digests = texts.filter((text) => text.includes('held while Slack was at its rate limit'));
    expect(digests.length).toBeGreaterThan(0);
    const heldCounts = digests.map((text) => Number(/(\d+) more alerts? held/.exec(text)?.[1]));
    expect(heldCounts.reduce((sum, count) => sum + count, 0) + texts.length - digests.length).toBe(
      BURST,
    );
    // A digest links each case it lists.
    expect(digests.join('\n')).toContain(
      `https://responder.example.com/cases/${caseIdOf(BURST - 1)}`,
    );
    expect(sink.refusals).toEqual([]);
  }, 120_000);

  it('holds what Slack refuses with 429 (another sender used up the webhook) and sends it in the digest', async () => {
    // Someone else posts to the same webhook until Slack answers 429.
    let refused = 0;
    while (refused === 0) {
      const response = await fetch(sink.urlOf('slack'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'deploy finished' }),
      });
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        refused += 1;
      }
    }
    const refusalsBefore = sink.refusals.length;
    const failures = await invokeAll(
      Array.from({ length: 12 }, (_, index) => ({
        channel: 'slack',
        event: { ...slaBreachedEvent({ caseId: caseIdOf(index) }), id: `refused-${index}` },
      })),
    );
    expect(failures).toEqual([]);
    expect(sink.refusals.length).toBeGreaterThan(refusalsBefore);
    await flushAll('slack');
    const texts = slackTexts().filter((text) => text.includes('01JTB6Q2Z8K4M7V3X9R5N'));
    for (let index = 0; index < 12; index += 1) {
      expect(texts.filter((text) => text.includes(caseIdOf(index)))).toHaveLength(1);
    }
  }, 120_000);

  it('sends 200 PagerDuty updates of 20 incidents as at most one held update per dedup_key', async () => {
    const incidents = Array.from({ length: 20 }, (_, index) => `inc_burst_${index}`);
    const events = incidents.flatMap((incidentId) =>
      Array.from({ length: BURST / incidents.length }, (_, step) => ({
        channel: 'pagerduty',
        event: {
          ...incidentOpenedEvent({
            incidentId,
            caseCount: 20 * 2 ** step,
            occurredAt: new Date(
              Date.parse('2026-05-04T09:21:00.000Z') + step * 1_000,
            ).toISOString(),
          }),
          'detail-type': step === 0 ? 'Incident Opened' : 'Incident Grown',
          id: `${incidentId}-${step}`,
        },
      })),
    );
    expect(await invokeAll(events)).toEqual([]);
    await flushAll('pagerduty');

    const pages = sink.alerts
      .filter((alert) => alert.channel === 'pagerduty')
      .map(
        (alert) =>
          alert.body as {
            dedup_key: string;
            payload: { custom_details: { case_count: number; held_updates?: number } };
          },
      );
    const sentDirectly = pages.filter(
      (page) => page.payload.custom_details.held_updates === undefined,
    );
    // What the pace let through at once (bursts of 20, then 100 a minute for 5 s), then one
    // update per dedup_key that had something held.
    expect(pages.length).toBeLessThanOrEqual(20 + 9 + incidents.length);
    expect(sink.refusals).toEqual([]);
    for (const incidentId of incidents) {
      const forKey = pages.filter((page) => page.dedup_key === `incident:${incidentId}`);
      expect(forKey.length).toBeGreaterThan(0);
      // PagerDuty ends at the incident's newest count.
      expect(Math.max(...forKey.map((page) => page.payload.custom_details.case_count))).toBe(
        20 * 2 ** 9,
      );
    }
    // Every update is in one page: sent as it came, or counted in its key's held update.
    const held = pages.reduce(
      (sum, page) => sum + (page.payload.custom_details.held_updates ?? 0),
      0,
    );
    expect(sentDirectly.length + held).toBe(BURST);
  }, 120_000);
});

describe('a held alert', () => {
  it("goes out before the page's resolve when it was held while the flush was finishing", async () => {
    const list = HeldAlertStore.prototype.list;
    const reserve = ChannelPaceStore.prototype.reserve;
    let injected = false;
    // Right after the flush found nothing held on PagerDuty, and before it let the channel send
    // directly again, another notifier finds PagerDuty at its pace (the fault) and holds a trigger.
    jest.spyOn(HeldAlertStore.prototype, 'list').mockImplementation(async function (
      this: HeldAlertStore,
      channel,
    ) {
      const held = await list.call(this, channel);
      if (channel === 'pagerduty' && held.length === 0 && !injected) {
        injected = true;
        const paced = jest
          .spyOn(ChannelPaceStore.prototype, 'reserve')
          .mockImplementationOnce(async () => ({ held: true, sendAt: Date.now() }));
        await notifier({
          channel: 'pagerduty',
          event: slaBreachedEvent({ channels: ['pagerduty'] }),
        });
        paced.mockImplementation(reserve);
      }
      return held;
    });

    await notifier(scheduledEvent());
    expect(injected).toBe(true);
    // The agent answers the case: its page resolves.
    await notifier({ channel: 'pagerduty', event: caseRespondedEvent(true) });
    await notifier(scheduledEvent());

    const actions = sink.alerts
      .filter((alert) => alert.channel === 'pagerduty')
      .map((alert) => (alert.body as { event_action: string }).event_action);
    expect(actions).toEqual(['trigger', 'resolve']);
  }, 60_000);
});
