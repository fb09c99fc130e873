import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Notifiers } from '../../../shared/adapters/alert-routing/alert-dispatcher';
import { AlertDispatcher } from '../../../shared/adapters/alert-routing/alert-dispatcher';
import { ChannelPaceStore } from '../../../shared/adapters/dynamodb/channel-pace-store';
import { HeldAlertStore } from '../../../shared/adapters/dynamodb/held-alert-store';
import type { SlackMessage } from '../../../shared/adapters/slack/slack-alert-message';
import { ChannelPacing } from '../../../shared/domain/alerts/channel-pacing';
import { incidentOpenedEvent } from '../../fixtures/escalation/incident-opened';
import { createTestTable, type TestTable } from '../../support/emulators';

const pacing = ChannelPacing.parse({});
let table: TestTable;
let store: ChannelPaceStore;
let held: HeldAlertStore;

beforeAll(async () => {
  table = await createTestTable();
  const documents = DynamoDBDocumentClient.from(table.client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  store = new ChannelPaceStore(documents, table.tableName);
  held = new HeldAlertStore(documents, table.tableName);
});
afterAll(async () => table.delete());

describe('ChannelPaceStore', () => {
  it('gives concurrent notifiers distinct slots: a burst of 3, then one a second, the rest held', async () => {
    const now = Date.parse('2026-06-01T12:00:00.000Z');
    const reservations = await Promise.all(
      Array.from({ length: 12 }, () => store.reserve('slack', pacing.slack, now, 5_000)),
    );
    const sent = reservations
      .filter((reservation) => !('held' in reservation))
      .map((reservation) => reservation.sendAt - now)
      .sort((a, b) => a - b);
    expect(sent).toEqual([0, 0, 0, 1_000, 2_000, 3_000, 4_000, 5_000]);
    expect(reservations.filter((reservation) => 'held' in reservation)).toHaveLength(4);
  });

  it('paces each channel on its own', async () => {
    const now = Date.parse('2026-06-01T13:00:00.000Z');
    const first = await store.reserve('pagerduty', pacing.pagerduty, now, 0);
    expect(first).toMatchObject({ sendAt: now });
  });
});

describe('AlertDispatcher with pacing', () => {
  it('waits for the slot, holds an alert whose slot is too far, and then holds the later ones too', async () => {
    const sentAt: number[] = [];
    const waits: number[] = [];
    let clock = Date.parse('2026-06-01T14:00:00.000Z');
    let sleepMovesClock = true;
    const notifiers = {
      slack: {
        send: async (_message: SlackMessage) => {
          sentAt.push(clock);
        },
      },
    } as unknown as Notifiers;
    const dispatcher = new AlertDispatcher({
      notifiers,
      store: { appendTimeline: async () => undefined },
      logger: new Logger({ logLevel: 'SILENT' }),
      pacing: {
        pacer: store,
        held,
        config: { ...pacing, slack: { perMinute: 60, burst: 1 }, maxWaitSeconds: 2 },
        realNow: () => clock,
        sleep: async (ms) => {
          waits.push(ms);
          if (sleepMovesClock) clock += ms;
        },
      },
    });
    const invocation = { channel: 'slack', event: incidentOpenedEvent() };
    const outcomes = [];
    for (let index = 0; index < 3; index += 1) {
      outcomes.push(await dispatcher.dispatch(invocation, new Date(clock)));
    }
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'delivered',
      'delivered',
      'delivered',
    ]);
    expect(waits).toEqual([1_000, 1_000]);
    // Three more asked for in the same instant: slots in 1 s and 2 s, the third held.
    sleepMovesClock = false;
    const now = clock;
    const results = await Promise.all(
      Array.from({ length: 3 }, (_, index) =>
        dispatcher.dispatch(
          { channel: 'slack', event: { ...invocation.event, id: `burst-${index}` } },
          new Date(now),
        ),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual([
      'delivered',
      'delivered',
      'held',
    ]);
    expect(sentAt).toHaveLength(5);
    // The channel now holds: an alert whose slot would be free is held for the digest too.
    clock += 60_000;
    const later = await dispatcher.dispatch(
      { channel: 'slack', event: { ...invocation.event, id: 'later' } },
      new Date(clock),
    );
    expect(later.status).toBe('held');
    expect(sentAt).toHaveLength(5);
    const kept = await held.list('slack');
    expect(kept.map((alert) => alert.eventId).sort()).toEqual(
      [results.findIndex((result) => result.status === 'held'), 'later']
        .map((id) => (typeof id === 'number' ? `burst-${id}` : id))
        .sort(),
    );
    expect(kept[0]?.line.title).toBe('Incident: outage');
  });
});
