/**
 * The triage function against DynamoDB faults, with the real handler and DynamoDB Local behind a
 * fault-injecting proxy: a write that fails after classification, throttling, a transaction
 * conflict, and a follow-up's author update failing after its commit. Each ends with the mention
 * recorded exactly once.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createTriageHandler } from '../../../functions/triage';
import { keys } from '../../../shared/adapters/dynamodb/table-keys';
import type { Mention } from '../../../shared/contracts/mention';
import { caseIdFor } from '../../../shared/use-cases/mention-triage';
import { refundComplaint } from '../../fixtures/cases/mentions';
import {
  harnessContext,
  received,
  sqsEvent,
  sqsRecord,
  startTriageHarness,
  type TriageHarness,
} from '../triage/support';
import { dynamoDbError, type FaultProxy, type FaultRule, startFaultProxy } from './fault-proxy';

let harness: TriageHarness;
let proxy: FaultProxy;
let directEndpoint: string | undefined;
/** The rule the proxy applies now; each test sets its own. */
let rule: FaultRule = () => undefined;

beforeAll(async () => {
  harness = await startTriageHarness();
  directEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  proxy = await startFaultProxy(directEndpoint ?? '', (operation, body) => rule(operation, body));
  process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.endpoint;
});
afterAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = directEndpoint;
  await proxy.stop();
  await harness.stop();
});

/** Answers the first `times` TransactWriteItems calls with `fault`, then lets calls through. */
const failTransactions = (
  times: number,
  status: number,
  body: Record<string, unknown>,
): FaultRule => {
  let left = times;
  return (operation) => {
    if (operation !== 'TransactWriteItems' || left === 0) return undefined;
    left -= 1;
    return { status, body };
  };
};

const mentionItemsOf = async (caseId: string) => {
  const { Items = [] } = await harness.documents.send(
    new QueryCommand({
      TableName: harness.table.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :mention)',
      ExpressionAttributeValues: { ':pk': keys.case(caseId).PK, ':mention': 'MENTION#' },
    }),
  );
  return Items;
};

/** Mentions of the author's case counted on the author's profile: once, or the write doubled. */
const mentionsCountedFor = async (mention: Mention) =>
  (await harness.rawItem(keys.author(mention.source, mention.author.id)))?.totalMentions;

/** A complaint of its own author, so each test opens a case of its own. */
const complaint = (suffix: string): Mention =>
  refundComplaint({
    id: `x:17900011223344${suffix}`,
    nativeId: `17900011223344${suffix}`,
    author: { ...refundComplaint().author, id: `90210${suffix}` },
  });

/** A later post of `opening`'s author in the same conversation: it joins the case. */
const followUpOf = (opening: Mention, suffix: string): Mention =>
  refundComplaint({
    id: `x:17900099887766${suffix}`,
    nativeId: `17900099887766${suffix}`,
    kind: 'reply',
    author: opening.author,
    text: '@AcmeAir another day and still no refund. Anyone there?',
    createdAt: new Date(Date.parse(opening.createdAt) + 3_600_000).toISOString(),
  });

/** The author item of `mention`'s author, as stored. */
const authorItemOf = (mention: Mention) =>
  harness.rawItem(keys.author(mention.source, mention.author.id));

/** Answers every TransactWriteItems call with `fault` while `failing()` holds. */
const failTransactionsWhile =
  (failing: () => boolean, status: number, body: Record<string, unknown>): FaultRule =>
  (operation) =>
    operation === 'TransactWriteItems' && failing() ? { status, body } : undefined;

describe('triage under DynamoDB faults', () => {
  it('completes a mention on redelivery when its write failed after classification', async () => {
    const mention = complaint('00001');
    const caseId = caseIdFor(mention);
    const body = JSON.stringify(received(mention));
    // DynamoDB fails every attempt of the SDK, so the record goes back to the queue.
    let down = true;
    rule = failTransactionsWhile(
      () => down,
      500,
      dynamoDbError('InternalServerError', 'Internal server error'),
    );
    const triage = createTriageHandler(harnessContext(harness));

    const first = await triage(sqsEvent(sqsRecord(body, 1)));
    expect(first.batchItemFailures).toHaveLength(1);
    expect(proxy.injected.TransactWriteItems).toBeGreaterThan(0);
    expect(await harness.rawItem(keys.case(caseId))).toBeUndefined();
    expect(await harness.rawItem(keys.mentionSeen(mention.id))).toBeUndefined();

    down = false;
    const redelivered = await triage(sqsEvent(sqsRecord(body, 2)));
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(await harness.rawItem(keys.case(caseId))).toMatchObject({ caseId, mentionCount: 1 });
    expect(await mentionItemsOf(caseId)).toHaveLength(1);
    expect(await mentionsCountedFor(mention)).toBe(1);
  });

  it('rides out throttling with the SDK retries and writes the mention once', async () => {
    const mention = complaint('00002');
    const caseId = caseIdFor(mention);
    rule = failTransactions(
      2,
      400,
      dynamoDbError('ThrottlingException', 'Rate of requests exceeds the allowed throughput.'),
    );
    const triage = createTriageHandler(harnessContext(harness));
    const before = proxy.injected.TransactWriteItems ?? 0;

    const result = await triage(sqsEvent(sqsRecord(JSON.stringify(received(mention)))));

    expect(result.batchItemFailures).toEqual([]);
    expect((proxy.injected.TransactWriteItems ?? 0) - before).toBe(2);
    expect(await mentionItemsOf(caseId)).toHaveLength(1);
    expect(await mentionsCountedFor(mention)).toBe(1);
  });

  it('tries a conflicting transaction again and commits it once', async () => {
    const mention = complaint('00003');
    const caseId = caseIdFor(mention);
    rule = failTransactions(
      2,
      400,
      dynamoDbError(
        'TransactionCanceledException',
        'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]',
        { CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] },
      ),
    );
    const triage = createTriageHandler(harnessContext(harness));
    const before = proxy.injected.TransactWriteItems ?? 0;

    const result = await triage(sqsEvent(sqsRecord(JSON.stringify(received(mention)))));

    expect(result.batchItemFailures).toEqual([]);
    expect((proxy.injected.TransactWriteItems ?? 0) - before).toBe(2);
    expect(await harness.rawItem(keys.case(caseId))).toMatchObject({ caseId, mentionCount: 1 });
    expect(await mentionItemsOf(caseId)).toHaveLength(1);
    expect(await mentionsCountedFor(mention)).toBe(1);
  });

  it('counts a follow-up in its author profile once when the update after its commit failed', async () => {
    const opening = complaint('00004');
    const followUp = followUpOf(opening, '00004');
    const caseId = caseIdFor(opening);
    const triage = createTriageHandler(harnessContext(harness));
    rule = () => undefined;
    await triage(sqsEvent(sqsRecord(JSON.stringify(received(opening)))));
    const authorKey = keys.author(opening.source, opening.author.id).PK;
    // The author item refuses every update while `down`: only a follow-up's own update is refused,
    // as its transaction carries no author.
    let down = true;
    rule = (operation, body) =>
      down &&
      operation === 'UpdateItem' &&
      (body.Key as { PK?: { S?: string } } | undefined)?.PK?.S === authorKey
        ? { status: 500, body: dynamoDbError('InternalServerError', 'Internal server error') }
        : undefined;
    const body = JSON.stringify(received(followUp));

    const first = await triage(sqsEvent(sqsRecord(body, 1)));
    expect(first.batchItemFailures).toHaveLength(1);
    expect(await harness.rawItem(keys.case(caseId))).toMatchObject({ mentionCount: 2 });
    expect(await mentionsCountedFor(opening)).toBe(1);

    down = false;
    const redelivered = await triage(sqsEvent(sqsRecord(body, 2)));
    expect(redelivered.batchItemFailures).toEqual([]);
    const counted = await authorItemOf(opening);
    expect(counted).toMatchObject({
      totalMentions: 2,
      casesOpened: 1,
      recentMentionTimes: [opening.createdAt, followUp.createdAt],
      lastMentionAt: followUp.createdAt,
    });

    const again = await triage(sqsEvent(sqsRecord(body, 3)));
    expect(again.batchItemFailures).toEqual([]);
    expect(await authorItemOf(opening)).toEqual(counted);
    expect(await harness.rawItem(keys.case(caseId))).toMatchObject({ mentionCount: 2 });
    expect(await mentionItemsOf(caseId)).toHaveLength(2);
  });

  it('counts a follow-up delivered twice at once in its author profile once', async () => {
    const opening = complaint('00005');
    const followUp = followUpOf(opening, '00005');
    const caseId = caseIdFor(opening);
    rule = () => undefined;
    const triage = createTriageHandler(harnessContext(harness));
    await triage(sqsEvent(sqsRecord(JSON.stringify(received(opening)))));
    const body = JSON.stringify(received(followUp));

    const answers = await Promise.all([
      triage(sqsEvent(sqsRecord(body, 1))),
      triage(sqsEvent(sqsRecord(body, 1))),
    ]);

    expect(answers.map((answer) => answer.batchItemFailures)).toEqual([[], []]);
    expect(await authorItemOf(opening)).toMatchObject({ totalMentions: 2, casesOpened: 1 });
    expect(await harness.rawItem(keys.case(caseId))).toMatchObject({ mentionCount: 2 });
    expect(await mentionItemsOf(caseId)).toHaveLength(2);
  });
});
