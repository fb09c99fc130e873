import { Logger } from '@aws-lambda-powertools/logger';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createSlaSweeperHandler } from '../../../functions/sla-sweeper';
import { LocalClock } from '../../../infra/local/clock';
import { type EventBus, startEventBus } from '../../../infra/local/event-bus';
import { LOCAL_REGION } from '../../../infra/local/ports';
import { EVENT_RULES } from '../../../infra/topology';
import { caseItemsOf } from '../../../shared/adapters/dynamodb/case-items';
import { SlaStore } from '../../../shared/adapters/dynamodb/sla-store';
import { keys } from '../../../shared/adapters/dynamodb/table-keys';
import { EventPublisher } from '../../../shared/adapters/eventbridge/event-publisher';
import type { Case } from '../../../shared/contracts/case';
import { type BusEvent, NotifierInvocation } from '../../../shared/contracts/events';
import type { Priority } from '../../../shared/contracts/triage';
import { startSlaClock } from '../../../shared/domain/sla/deadlines';
import { DEFAULT_SLA_POLICY, SlaPolicy } from '../../../shared/domain/sla/policy';
import { SlaSweeper } from '../../../shared/use-cases/sla-sweeper';
import { createTestTable, type TestTable, testRuntimeContext } from '../../support/emulators';

const MINUTE = 60_000;
const OPENED_AT = new Date('2026-05-04T09:00:00.000Z');
const policy = SlaPolicy.parse(DEFAULT_SLA_POLICY);

let table: TestTable;
let bus: EventBus;
let documents: DynamoDBDocumentClient;
const published: BusEvent[] = [];
const invocations: NotifierInvocation[] = [];

const openCase = (caseId: string, priority: Priority): Case => ({
  caseId,
  version: 1,
  brand: 'default',
  source: 'x',
  conversationId: `conv-${caseId}`,
  author: {
    key: 'x#2244994945',
    id: '2244994945',
    source: 'x',
    name: 'Dana Whitfield',
    handle: 'danaw',
    followers: 18_400,
  },
  status: 'open',
  priority,
  needsResponse: true,
  amplify: false,
  chronic: false,
  sentiment: 'negative',
  intents: ['complaint'],
  urgency: ['outage'],
  reasons: ['complaint with outage cue'],
  excerpt: '@acme my internet has been down since 6am and your status page says all good??',
  url: `https://x.com/danaw/status/${caseId}`,
  mentionCount: 1,
  openedAt: OPENED_AT.toISOString(),
  updatedAt: OPENED_AT.toISOString(),
  lastMentionAt: OPENED_AT.toISOString(),
  sla: startSlaClock({ policy, priority, clock: 'first_response', startedAt: OPENED_AT }),
});

const putCase = async (stored: Case) =>
  Promise.all(
    caseItemsOf(stored).map((item) =>
      documents.send(new PutCommand({ TableName: table.tableName, Item: item })),
    ),
  );

const readItem = async (caseId: string) =>
  (
    await documents.send(
      new GetCommand({ TableName: table.tableName, Key: keys.case(caseId), ConsistentRead: true }),
    )
  ).Item;

const timelineOf = async (caseId: string) =>
  (await new SlaStore(documents, table.tableName).getCaseRecord(caseId))?.timeline ?? [];

const eventsOf = (caseId: string) =>
  published
    .filter((event) => (event.detail as { caseId: string }).caseId === caseId)
    .map((event) => ({
      type: event['detail-type'],
      level: (event.detail as { level: number }).level,
    }));

/** Two sweepers as two Lambda instances would run them: separate handlers, separate clients. */
const twoSweepers = (clock: LocalClock) => {
  const context = testRuntimeContext({ table, clock, eventBusName: 'sla-test-bus' });
  return [createSlaSweeperHandler(context), createSlaSweeperHandler(context)] as const;
};

const sweepTogether = async (clock: LocalClock) => {
  const [first, second] = twoSweepers(clock);
  const results = await Promise.all([first({}), second({}), first({}), second({})]);
  await bus.settled();
  return results.reduce((sum, result) => sum + result.fired, 0);
};

/**
 * Opens a P1 case at OPENED_AT and sweeps it as the schedule would, at 11, 12, 15 (twice), 30 and
 * 90 minutes: what each of those sweeps fired.
 */
const sweepLadder = async (caseId: string) => {
  await putCase(openCase(caseId, 'P1'));
  const clock = new LocalClock({ rate: 0, start: OPENED_AT });
  const fired: number[] = [];
  for (const minutes of [11, 1, 3, 0, 15, 60]) {
    clock.advance(minutes * MINUTE);
    fired.push(await sweepTogether(clock));
  }
  return fired;
};

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  table = await createTestTable();
  documents = DynamoDBDocumentClient.from(table.client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  bus = await startEventBus({
    busName: 'sla-test-bus',
    rules: EVENT_RULES,
    clock: new LocalClock({ rate: 0, start: OPENED_AT }),
    notifier: async (payload) => {
      invocations.push(NotifierInvocation.parse(payload));
    },
  });
  bus.subscribe((event) => published.push(event));
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.endpoint;
});

afterAll(async () => {
  await bus.stop();
  await table.delete();
});

describe('SLA sweeper', () => {
  it('raises the warning, level 1 and level 2 exactly once each with two sweepers at once', async () => {
    const caseId = 'case-ladder';
    // Nothing before the warning at 12 minutes, then one step a sweep, each only once.
    expect(await sweepLadder(caseId)).toEqual([0, 1, 1, 0, 1, 0]);

    expect(eventsOf(caseId)).toEqual([
      { type: 'Case SLA Warning', level: 0 },
      { type: 'Case SLA Breached', level: 1 },
      { type: 'Case SLA Breached', level: 2 },
    ]);
    // The rules route each step to the channels it names.
    expect(
      invocations
        .filter((invocation) => (invocation.event.detail as { caseId: string }).caseId === caseId)
        .map((invocation) => invocation.channel),
    ).toEqual(['slack', 'slack', 'pagerduty']);

    const item = await readItem(caseId);
    expect(item?.sla).toMatchObject({
      level: 2,
      warned: true,
      breachedAt: '2026-05-04T09:15:00.000Z',
    });
    expect(item?.sla?.next).toBeUndefined();
    expect(item?.slaShard).toBeUndefined();
    expect(item?.slaDueAt).toBeUndefined();
    expect(item?.paged).toBe(true);
    expect(item?.version).toBe(4);

    const entries = await timelineOf(caseId);
    expect(entries.map((entry) => [entry.type, entry.detail.level])).toEqual([
      ['warned', 0],
      ['escalated', 1],
      ['escalated', 2],
    ]);
  });

  it('carries the overdue time, channels and paged flag on the breach event', async () => {
    await sweepLadder('case-breach-event');
    const levelTwo = published.find(
      (event) =>
        (event.detail as { caseId: string }).caseId === 'case-breach-event' &&
        (event.detail as { level: number }).level === 2,
    );
    expect(levelTwo?.detail).toMatchObject({
      priority: 'P1',
      clock: 'first_response',
      channels: ['pagerduty'],
      overdueSeconds: 15 * 60,
      paged: true,
      dueAt: '2026-05-04T09:15:00.000Z',
      excerpt: expect.stringContaining('internet has been down'),
    });
  });

  it('fires each level of many overdue cases once when two sweepers catch up together', async () => {
    const ids = Array.from({ length: 24 }, (_, index) => `case-many-${index}`);
    const priorities: Priority[] = ['P1', 'P2', 'P3', 'P4'];
    await Promise.all(
      ids.map((caseId, index) => putCase(openCase(caseId, priorities[index % 4] ?? 'P1'))),
    );
    const clock = new LocalClock({ rate: 0, start: OPENED_AT });
    clock.advance(2 * 24 * 60 * MINUTE);
    const fired = await sweepTogether(clock);

    // P1 and P2 reach level 2; P3 and P4 stop at level 1; stale warnings are skipped. Two sweepers
    // may publish a case's levels out of order (EventBridge keeps no order either): compare by level.
    expect(fired).toBe(12 * 2 + 12);
    const byLevel = (events: { level: number }[]) => [...events].sort((a, b) => a.level - b.level);
    for (const [index, caseId] of ids.entries()) {
      const expected =
        index % 4 < 2
          ? [
              { type: 'Case SLA Breached', level: 1 },
              { type: 'Case SLA Breached', level: 2 },
            ]
          : [{ type: 'Case SLA Breached', level: 1 }];
      expect(byLevel(eventsOf(caseId))).toEqual(expected);
    }
  });

  it('leaves a case alone once its clock is stopped', async () => {
    const caseId = 'case-answered';
    const answered = openCase(caseId, 'P2');
    const { next: _stopped, ...stopped } = answered.sla as NonNullable<Case['sla']>;
    await putCase({ ...answered, status: 'responded', sla: stopped });
    const clock = new LocalClock({ rate: 0, start: OPENED_AT });
    clock.advance(5 * 60 * MINUTE);
    await sweepTogether(clock);
    expect(eventsOf(caseId)).toEqual([]);
  });

  it('undoes a step whose event could not be published, and fires it on the next sweep', async () => {
    const caseId = 'case-bus-down';
    await putCase(openCase(caseId, 'P3'));
    const now = new Date(OPENED_AT.getTime() + 4 * 60 * MINUTE);
    const logger = new Logger({ serviceName: 'sla-test', logLevel: 'SILENT' });
    const sweeperWith = (endpoint: string) =>
      new SlaSweeper({
        store: new SlaStore(documents, table.tableName),
        publisher: new EventPublisher(
          new EventBridgeClient({ endpoint, region: LOCAL_REGION, maxAttempts: 1 }),
          'sla-test-bus',
        ),
        policies: [policy],
        logger,
      });

    await expect(sweeperWith('http://127.0.0.1:9').sweep(now)).rejects.toThrow(
      /could not be escalated \(case-bus-down\)/,
    );
    expect((await readItem(caseId))?.sla?.level).toBe(0);
    expect(await timelineOf(caseId)).toEqual([]);

    expect(await sweeperWith(bus.endpoint).sweep(now)).toEqual([
      { caseId, priority: 'P3', kind: 'level', level: 1 },
    ]);
    await bus.settled();
    expect(eventsOf(caseId)).toEqual([{ type: 'Case SLA Breached', level: 1 }]);
    expect((await timelineOf(caseId)).map((entry) => entry.type)).toEqual(['escalated']);
  });
});
