/**
 * A held alert keeps its place: the real notifier against DynamoDB Local and the PagerDuty
 * stand-in, with one alert held at the worst moment — after the schedule's flush found nothing
 * held and before it let the channel send directly again. The page's resolve must not overtake
 * its trigger.
 */
import { createNotifierHandler } from '../../../functions/notifier';
import { type AlertSink, startAlertSink } from '../../../infra/local/alert-sink';
import { ChannelPaceStore } from '../../../shared/adapters/dynamodb/channel-pace-store';
import { HeldAlertStore } from '../../../shared/adapters/dynamodb/held-alert-store';
import { caseRespondedEvent, slaBreachedEvent } from '../../fixtures/escalation/sla-breached';
import { createTestTable, type TestTable, testRuntimeContext } from '../../support/emulators';

const ROUTING_KEY = 'R0UT1NGKEY0000000000000000000000';

const scheduledEvent = {
  version: '0',
  id: 'c9f2a7a4-1d0b-4a53-8c1f-6a1d3b2e0f99',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-05-04T09:30:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/held-alerts'],
  detail: {},
};

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

it("sends a trigger held while the flush was finishing before the page's resolve", async () => {
  const list = HeldAlertStore.prototype.list;
  const reserve = ChannelPaceStore.prototype.reserve;
  let injected = false;
  jest.spyOn(HeldAlertStore.prototype, 'list').mockImplementation(async function (
    this: HeldAlertStore,
    channel,
  ) {
    const held = await list.call(this, channel);
    if (channel === 'pagerduty' && held.length === 0 && !injected) {
      injected = true;
      // Another notifier finds PagerDuty at its pace (the fault) and holds the case's trigger.
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

  await notifier(scheduledEvent);
  expect(injected).toBe(true);
  // The agent answers the case: its page resolves.
  await notifier({ channel: 'pagerduty', event: caseRespondedEvent(true) });
  await notifier(scheduledEvent);

  const actions = sink.alerts
    .filter((alert) => alert.channel === 'pagerduty')
    .map((alert) => (alert.body as { event_action: string }).event_action);
  expect(actions).toEqual(['trigger', 'resolve']);
}, 60_000);
