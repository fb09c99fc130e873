import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createTriageHandler } from '../../../functions/triage';
import { LocalClock } from '../../../infra/local/clock';
import { createCasesApi } from '../../../shared/adapters/cases-api/router';
import { DynamoDbCaseCommands } from '../../../shared/adapters/dynamodb/case-commands';
import { IncidentStore } from '../../../shared/adapters/dynamodb/incident-store';
import { ReportCounterStore } from '../../../shared/adapters/dynamodb/report-counter-store';
import { EventPublisher } from '../../../shared/adapters/eventbridge/event-publisher';
import { SlackResponder } from '../../../shared/adapters/slack/slack-responder';
import { CaseAcknowledged, CaseResolved } from '../../../shared/contracts/events';
import type { Mention } from '../../../shared/contracts/mention';
import { secretsFromMap } from '../../../shared/contracts/secrets';
import type { CaseEventsUnpublishedError } from '../../../shared/use-cases/case-changes';
import { caseIdFor } from '../../../shared/use-cases/mention-triage';
import { refundComplaint } from '../../fixtures/cases/mentions';
import { createTestTable, type TestTable, testRuntimeContext } from '../../support/emulators';
import { triageMention } from './support';

// Only PutEvents is faked (to inject its failure); DynamoDB is the real emulator.
const eventBridge = mockClient(EventBridgeClient);
const BUS_NAME = 'cases-api-events-test';

let table: TestTable;
let commands: DynamoDbCaseCommands;
let api: ReturnType<typeof createCasesApi>;
let triage: ReturnType<typeof createTriageHandler>;
const unpublished: CaseEventsUnpublishedError[] = [];
const errors: unknown[] = [];

beforeAll(async () => {
  table = await createTestTable();
  const clock = new LocalClock({ rate: 0, start: new Date('2025-05-13T09:14:30.000Z') });
  const ctx = testRuntimeContext({ table, clock, eventBusName: BUS_NAME });
  const documents = DynamoDBDocumentClient.from(table.client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  commands = new DynamoDbCaseCommands(documents, table.tableName);
  triage = createTriageHandler(ctx);
  api = createCasesApi(
    {
      commands,
      counters: new ReportCounterStore(documents, table.tableName),
      incidents: new IncidentStore(documents, table.tableName),
      publisher: new EventPublisher(new EventBridgeClient({ region: 'us-east-1' }), BUS_NAME),
      clock,
      config: ctx.config,
      secrets: secretsFromMap({}),
      realNow: Date.now,
      onEventsUnpublished: (error) => unpublished.push(error),
      slack: new SlackResponder(),
      onSlackUpdateFailed: (error) => errors.push(error),
      publishBackoff: async () => {},
    },
    (error) => errors.push(error),
  );
});

afterAll(async () => {
  eventBridge.restore();
  await table.delete();
});

beforeEach(() => {
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  unpublished.length = 0;
  errors.length = 0;
});

const openCase = async (mention: Mention): Promise<string> => {
  await triageMention(triage, mention);
  eventBridge.resetHistory();
  return caseIdFor(mention);
};

const post = async (path: string, body: unknown) => {
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' },
      authorizer: { jwt: { claims: { sub: 'agent-morgan' }, scopes: [] } },
    },
  } as unknown as APIGatewayProxyEventV2;
  const response = await api(event);
  return { status: response.statusCode, body: JSON.parse(String(response.body)) };
};

const publishedTypes = () =>
  eventBridge
    .commandCalls(PutEventsCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .map((entry) => entry.DetailType);

describe('cases API events after a stored change', () => {
  it('publishes on a later attempt when PutEvents fails once', async () => {
    const caseId = await openCase(
      refundComplaint({
        id: 'x:1790000000000000101',
        nativeId: '1790000000000000101',
        conversationId: '1790000000000000101',
      }),
    );
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(new Error('ServiceUnavailable: the bus is unavailable'))
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-2' }] });

    const answer = await post(`/cases/${caseId}/acknowledge`, { version: 1 });

    expect(answer.status).toBe(200);
    expect(publishedTypes()).toEqual([CaseAcknowledged.detailType, CaseAcknowledged.detailType]);
    expect(unpublished).toEqual([]);
  });

  it('answers 200 with the stored change and reports the events when PutEvents keeps failing', async () => {
    const caseId = await openCase(
      refundComplaint({
        id: 'x:1790000000000000102',
        nativeId: '1790000000000000102',
        conversationId: '1790000000000000102',
      }),
    );
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    });

    const answer = await post(`/cases/${caseId}/resolve`, { version: 1, reason: 'refunded' });

    expect(answer.status).toBe(200);
    expect(answer.body.case).toMatchObject({ caseId, status: 'resolved', version: 2 });
    expect((await commands.getCase(caseId))?.status).toBe('resolved');
    expect(publishedTypes()).toEqual(Array(3).fill(CaseResolved.detailType));
    expect(unpublished).toHaveLength(1);
    expect(unpublished[0]).toMatchObject({
      caseIds: [caseId],
      detailTypes: [CaseResolved.detailType],
    });
    expect(unpublished[0]?.message).toContain(caseId);
    expect(errors).toEqual([]);
  });

  it('still answers 409 and publishes nothing when the write itself is refused', async () => {
    const caseId = await openCase(
      refundComplaint({
        id: 'x:1790000000000000103',
        nativeId: '1790000000000000103',
        conversationId: '1790000000000000103',
      }),
    );

    const answer = await post(`/cases/${caseId}/acknowledge`, { version: 7 });

    expect(answer.status).toBe(409);
    expect(publishedTypes()).toEqual([]);
    expect(unpublished).toEqual([]);
  });
});
