import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { createCasesApiHandler } from '../../../functions/cases-api';
import { createSlaSweeperHandler } from '../../../functions/sla-sweeper';
import { createTriageHandler } from '../../../functions/triage';
import { LocalClock } from '../../../infra/local/clock';
import { type EventBus, startEventBus } from '../../../infra/local/event-bus';
import { IncidentStore } from '../../../shared/adapters/dynamodb/incident-store';
import { TriageStore } from '../../../shared/adapters/dynamodb/triage-store';
import type { BusEvent } from '../../../shared/contracts/events';
import type { Mention } from '../../../shared/contracts/mention';
import { spikePeriods } from '../../../shared/domain/incidents/spike';
import { caseIdFor } from '../../../shared/use-cases/mention-triage';
import { refundComplaint } from '../../fixtures/cases/mentions';
import { createTestTable, type TestTable, testRuntimeContext } from '../../support/emulators';
import { received, recordOf, sqsEvent, sqsRecord } from '../triage/support';

const BUS_NAME = 'incidents-test';
const START = new Date('2025-05-13T09:00:00.000Z');
/** Scaled down from the default 20 so the test stays small. */
const CONFIG = { incidents: { minCount: 10 } };

let table: TestTable;
let bus: EventBus;
let clock: LocalClock;
let triage: ReturnType<typeof createTriageHandler>;
let api: ReturnType<typeof createCasesApiHandler>;
let sweep: ReturnType<typeof createSlaSweeperHandler>;
let store: TriageStore;
let incidents: IncidentStore;
const events: BusEvent[] = [];

beforeAll(async () => {
  table = await createTestTable();
  clock = new LocalClock({ rate: 0, start: START });
  bus = await startEventBus({ busName: BUS_NAME, rules: [], notifier: async () => {}, clock });
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.endpoint;
  bus.subscribe((event) => events.push(event));
  const ctx = testRuntimeContext({ table, clock, eventBusName: BUS_NAME, config: CONFIG });
  triage = createTriageHandler(ctx);
  api = createCasesApiHandler(ctx);
  sweep = createSlaSweeperHandler(ctx);
  const documents = DynamoDBDocumentClient.from(table.client);
  store = new TriageStore(documents, table.tableName);
  incidents = new IncidentStore(documents, table.tableName);
});

afterAll(async () => {
  await bus.stop();
  await table.delete();
});

beforeEach(() => {
  events.length = 0;
});

let serial = 0;
const mentionBy = (brand: string, text: string): Mention => {
  serial += 1;
  const nativeId = `18${String(serial).padStart(17, '0')}`;
  return refundComplaint({
    id: `x:${nativeId}`,
    nativeId,
    brand,
    author: { id: `9${serial}`, handle: `customer${serial}` },
    conversationId: nativeId,
    url: `https://x.com/customer${serial}/status/${nativeId}`,
    text,
    createdAt: clock.now().toISOString(),
  });
};

const OUTAGE_TEXTS = [
  '@AcmeAir the app is down, I cannot check in for my flight',
  '@AcmeAir is it just me or is the website down? Boarding pass will not load',
  '@AcmeAir app not loading at all, flight in two hours!!',
  '@AcmeAir your site is down again and nobody answers the phone',
];
const UNRELATED_TEXTS = [
  '@AcmeAir my suitcase arrived with a broken handle, who pays for the repair?',
  '@AcmeAir charged twice for seat selection on booking XK29, refund please',
  '@AcmeAir the vegetarian meal I ordered never showed up on my flight',
];

/** Triages mentions ten to a batch, batches running at once as the event source mapping runs them. */
const triageAll = async (mentions: readonly Mention[]) => {
  const batches: Mention[][] = [];
  for (let start = 0; start < mentions.length; start += 10) {
    batches.push(mentions.slice(start, start + 10));
  }
  const responses = await Promise.all(
    batches.map((batch) =>
      triage(sqsEvent(...batch.map((mention) => recordOf(received(mention, mention.createdAt))))),
    ),
  );
  for (const response of responses) expect(response.batchItemFailures).toEqual([]);
};

const request = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
  const [rawPath = path, rawQueryString = ''] = path.split('?');
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    queryStringParameters: Object.fromEntries(new URLSearchParams(rawQueryString)),
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' },
      authorizer: { jwt: { claims: { sub: 'agent-morgan' }, scopes: [] } },
    },
  } as unknown as APIGatewayProxyEventV2;
  const response = await api(event);
  return { status: response.statusCode, body: JSON.parse(String(response.body)) };
};

const ofType = (type: string) => events.filter((event) => event['detail-type'] === type);

describe('incidents', () => {
  // Thirty mentions through the real triage; run alone, this first test also pays every module's first load.
  it('gathers a storm into one incident that escalates on its own ladder, and resolves it with its cases', async () => {
    const brand = 'storm-air';
    const storm = Array.from({ length: 30 }, (_, i) =>
      mentionBy(brand, OUTAGE_TEXTS[i % OUTAGE_TEXTS.length] ?? ''),
    );
    const unrelated = Array.from({ length: 6 }, (_, i) =>
      mentionBy(brand, UNRELATED_TEXTS[i % UNRELATED_TEXTS.length] ?? ''),
    );
    // Nine stay below the threshold, the tenth opens the incident, the rest arrive at once with
    // unrelated complaints in between.
    await triageAll(storm.slice(0, 9));
    expect(ofType('Incident Opened')).toHaveLength(0);
    clock.advance(60_000);
    await triageAll(storm.slice(9, 10));
    expect(ofType('Incident Opened')).toHaveLength(1);
    await triageAll([...storm.slice(10), ...unrelated]);

    const opened = ofType('Incident Opened');
    expect(opened).toHaveLength(1);
    const detail = opened[0]?.detail as { incidentId: string; topic: string; channels: string[] };
    expect(detail).toMatchObject({ topic: 'urgency:outage', channels: ['slack', 'pagerduty'] });
    // Opened with 10, grown to 30: one doubling (20) for Slack, no tenfold rise for PagerDuty.
    expect(
      ofType('Incident Grown').map((event) => (event.detail as { channels: string[] }).channels),
    ).toEqual([['slack']]);

    for (const mention of storm) {
      expect((await store.getCase(caseIdFor(mention)))?.incidentId).toBe(detail.incidentId);
    }
    for (const mention of unrelated) {
      expect((await store.getCase(caseIdFor(mention)))?.incidentId).toBeUndefined();
    }

    // Past every deadline, only the unrelated cases escalate on their own.
    clock.advance(25 * 3_600_000);
    events.length = 0;
    await sweep({});
    const escalated = events
      .filter((event) => event['detail-type'].startsWith('Case SLA'))
      .map((event) => (event.detail as { caseId: string }).caseId);
    expect(new Set(escalated)).toEqual(new Set(unrelated.map(caseIdFor)));

    const listed = await request('GET', '/incidents');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ incidentId: detail.incidentId, status: 'open', caseCount: 30 }),
    ]);
    const page = await request('GET', `/incidents/${detail.incidentId}?limit=20`);
    expect(page.status).toBe(200);
    expect(page.body.cases).toHaveLength(20);
    expect(page.body.incident.samples).toHaveLength(5);
    const rest = await request('GET', `/incidents/${detail.incidentId}?cursor=${page.body.cursor}`);
    expect(rest.body.cases).toHaveLength(10);
    expect(rest.body.cursor).toBeUndefined();

    events.length = 0;
    const resolved = await request('POST', `/incidents/${detail.incidentId}/resolve`, {
      reason: 'app back up',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      incident: { status: 'resolved', resolvedBy: { id: 'agent-morgan' } },
      resolvedCases: 30,
      unchangedCases: 0,
    });
    expect(ofType('Incident Resolved')).toHaveLength(1);
    expect(ofType('Case Resolved')).toHaveLength(30);
    const again = await request('POST', `/incidents/${detail.incidentId}/resolve`, {});
    expect(again.body).toMatchObject({ resolvedCases: 0, unchangedCases: 30 });

    const caseView = await request('GET', `/cases/${caseIdFor(storm[0] as Mention)}`);
    expect(caseView.body.case).toMatchObject({ incidentId: detail.incidentId, status: 'resolved' });
    expect(caseView.body.timeline.map((entry: { type: string }) => entry.type)).toContain(
      'incident_joined',
    );
  }, 180_000);

  it('answers 404 for an incident that does not exist', async () => {
    const missing = await request('GET', '/incidents/inc_nope');
    expect(missing).toMatchObject({ status: 404 });
    expect((await request('POST', '/incidents/inc_nope/resolve', {})).status).toBe(404);
  });

  it('counts a customer once per burst: their later mentions join an open incident but do not count', async () => {
    const brand = 'burst-air';
    const outageTopic = 'urgency:outage';
    const windowOf = () =>
      incidents.windowCount(
        brand,
        outageTopic,
        spikePeriods(clock.now(), { windowMinutes: 10, baselineHours: 24 }),
      );
    const first = mentionBy(brand, '@AcmeAir the app is down, I cannot check in for my flight');
    const again = (minutes: number, text: string): Mention => {
      const nativeId = `${first.nativeId}${minutes}`;
      return {
        ...first,
        id: `x:${nativeId}`,
        nativeId,
        text,
        createdAt: new Date(Date.parse(first.createdAt) + minutes * 60_000).toISOString(),
      };
    };
    await triageAll([first]);
    for (const minutes of [1, 2, 3]) {
      clock.advance(60_000);
      await triageAll([
        again(minutes, `@AcmeAir the app is down again, I still cannot check in (${minutes} min)`),
      ]);
    }
    expect(await windowOf()).toEqual({ count: 1, caseIds: [caseIdFor(first)] });

    // Ten minutes after the customer's previous mention, the same case counts again.
    clock.advance(10 * 60_000);
    await triageAll([again(13, '@AcmeAir the app is down again, this is the second time today')]);
    expect((await windowOf()).count).toBe(1);
    expect((await store.getCase(caseIdFor(first)))?.mentionCount).toBe(5);

    // A customer whose case opened with a question reports the outage a minute later: not counted,
    // yet the case joins the incident that ten other customers opened meanwhile.
    const asker = mentionBy(brand, '@AcmeAir what time does boarding start for flight AC22?');
    await triageAll([asker]);
    clock.advance(60_000);
    await triageAll(
      Array.from({ length: 10 }, (_, i) => mentionBy(brand, OUTAGE_TEXTS[i % 4] ?? '')),
    );
    const opened = ofType('Incident Opened');
    expect(opened).toHaveLength(1);
    const { incidentId } = (opened[0]?.detail ?? {}) as { incidentId?: string };
    await triageAll([
      {
        ...asker,
        id: `${asker.id}1`,
        nativeId: `${asker.nativeId}1`,
        text: '@AcmeAir and now your app is down, I cannot even check in',
        createdAt: clock.now().toISOString(),
      },
    ]);
    expect((await store.getCase(caseIdFor(asker)))?.incidentId).toBe(incidentId);
    expect((await windowOf()).count).toBe(11);
  });

  it('counts each mention once per topic whatever the order and redelivery', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat(), { minLength: 0, maxLength: 8 }),
        fc.infiniteStream(fc.nat()),
        async (distinct, redeliveries, order) => {
          run += 1;
          const brand = `counts-${run}`;
          const mentions = Array.from({ length: distinct }, () =>
            mentionBy(brand, '@AcmeAir the app is down, boarding pass will not load'),
          );
          const deliveries = [
            ...mentions,
            ...redeliveries.map((index) => mentions[index % distinct] as Mention),
          ];
          const shuffled = deliveries
            .map((mention) => ({ mention, key: order.next().value as number }))
            .sort((a, b) => a.key - b.key)
            .map(({ mention }) => mention);
          // One message per batch, redeliveries included, as SQS may hand them to any poller.
          const responses = await Promise.all(
            shuffled.map((mention) =>
              triage(sqsEvent(sqsRecord(JSON.stringify(received(mention, mention.createdAt))))),
            ),
          );
          for (const response of responses) expect(response.batchItemFailures).toEqual([]);
          const periods = spikePeriods(clock.now(), { windowMinutes: 10, baselineHours: 24 });
          for (const topic of ['urgency:outage']) {
            const window = await incidents.windowCount(brand, topic, periods);
            expect(window.count).toBe(distinct);
            expect(new Set(window.caseIds)).toEqual(new Set(mentions.map(caseIdFor)));
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
