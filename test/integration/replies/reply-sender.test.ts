/**
 * Replies from a case against DynamoDB Local, local SQS and a loopback X stand-in: the real cases
 * API and triage handlers, the real outbox, queue and platform client; faults only where a crash
 * or a platform's misbehaviour must be made to happen.
 */
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createCasesApiHandler } from '../../../functions/cases-api';
import { createTriageHandler } from '../../../functions/triage';
import { LocalClock } from '../../../infra/local/clock';
import { type EventBus, startEventBus } from '../../../infra/local/event-bus';
import { startHttpGateway } from '../../../infra/local/http-gateway';
import { REPLY_QUEUE, ROUTES } from '../../../infra/topology';
import { main } from '../../../scripts/cli/main';
import { DynamoDbReplyOutbox } from '../../../shared/adapters/dynamodb/reply-outbox';
import { TableLease } from '../../../shared/adapters/dynamodb/table-lease';
import { TriageStore } from '../../../shared/adapters/dynamodb/triage-store';
import { PlatformReplyChannel } from '../../../shared/adapters/platforms/reply-channel';
import { SqsReplyQueue } from '../../../shared/adapters/sqs/reply-queue';
import type { Case, TimelineEntry } from '../../../shared/contracts/case';
import type { BusEvent } from '../../../shared/contracts/events';
import type { Mention } from '../../../shared/contracts/mention';
import { type Reply, ReplyQueueMessage } from '../../../shared/contracts/reply';
import { secretsFromMap } from '../../../shared/contracts/secrets';
import type { ReplyOutbox } from '../../../shared/use-cases/ports/replies';
import { ReplySender } from '../../../shared/use-cases/reply-sender';
import { refundComplaint } from '../../fixtures/cases/mentions';
import {
  createTestTable,
  startTestQueues,
  type TestQueues,
  type TestTable,
  testRuntimeContext,
} from '../../support/emulators';
import {
  ACME_X_ACCOUNT,
  ACME_X_CREDENTIALS,
  ACME_X_REPLY_SECRETS,
  startXStandIn,
  type XStandIn,
} from '../../support/platform-stand-ins';
import { apiCaller, triageMention } from '../api/support';

const BUS_NAME = 'replies-test';
const BRAND_ACCOUNT = ACME_X_ACCOUNT;
const X = ACME_X_CREDENTIALS;
const SECRETS = ACME_X_REPLY_SECRETS;

let table: TestTable;
let queues: TestQueues;
let bus: EventBus;
let x: XStandIn;
let clock: LocalClock;
let outbox: DynamoDbReplyOutbox;
let triage: ReturnType<typeof createTriageHandler>;
let casesApi: ReturnType<typeof createCasesApiHandler>;
const events: BusEvent[] = [];

beforeAll(async () => {
  [table, queues, x] = await Promise.all([createTestTable(), startTestQueues(), startXStandIn(X)]);
  clock = new LocalClock({ rate: 0, start: new Date('2025-05-13T09:20:00.000Z') });
  bus = await startEventBus({ busName: BUS_NAME, rules: [], notifier: async () => {}, clock });
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.endpoint;
  bus.subscribe((event) => events.push(event));
  const ctx = testRuntimeContext({
    table,
    queues,
    clock,
    eventBusName: BUS_NAME,
    secrets: SECRETS,
  });
  triage = createTriageHandler(ctx);
  casesApi = createCasesApiHandler(ctx);
  outbox = new DynamoDbReplyOutbox(DynamoDBDocumentClient.from(table.client), table.tableName);
});

afterAll(async () => {
  await Promise.all([x.stop(), bus.stop()]);
  await queues.stop();
  await table.delete();
});

afterEach(() => {
  expect(x.problems).toEqual([]);
  x.requests.length = 0;
});

const senderWith = (overrides: { outbox?: ReplyOutbox; timeoutMs?: number } = {}) =>
  new ReplySender({
    outbox: overrides.outbox ?? outbox,
    queue: new SqsReplyQueue(queues.client, queues.queueUrls.replies),
    channel: new PlatformReplyChannel({
      secrets: secretsFromMap(SECRETS),
      baseUrls: { x: x.url, meta: 'http://127.0.0.1:9', trustpilot: 'http://127.0.0.1:9' },
      webhookUrls: {},
      now: () => clock.now(),
      realNow: () => new Date(),
      lease: new TableLease(DynamoDBDocumentClient.from(table.client), table.tableName),
      ...(overrides.timeoutMs ? { timeoutMs: overrides.timeoutMs } : {}),
    }),
    clock,
    policies: [],
    publish: async () => {},
    onEventsUnpublished: () => {},
  });

let tweetCounter = 0;
/** A new customer complaint, triaged by the real triage function into a new case. */
const openCase = async (): Promise<{ mention: Mention; subject: Case }> => {
  tweetCounter += 1;
  const nativeId = `17900011223344${String(tweetCounter).padStart(5, '0')}`;
  const mention = refundComplaint({
    id: `x:${nativeId}`,
    nativeId,
    conversationId: nativeId,
    author: {
      id: `22449949${tweetCounter}`,
      name: 'Dana Whitfield',
      handle: `dana${tweetCounter}`,
    },
    createdAt: '2025-05-13T09:14:07.000Z',
  });
  await triageMention(triage, mention);
  const detail = await getCase(await caseIdOf(mention));
  return { mention, subject: detail.case };
};

const caseIdOf = async (mention: Mention): Promise<string> => {
  const seen = await new TriageStore(
    DynamoDBDocumentClient.from(table.client),
    table.tableName,
  ).getSeen(mention.id);
  if (!seen?.caseId) throw new Error(`mention ${mention.id} has no case`);
  return seen.caseId;
};

const api = apiCaller(() => casesApi, 'agent-priya');

const getCase = async (caseId: string) =>
  (await api('GET', `/cases/${caseId}`)).body as unknown as {
    case: Case;
    timeline: TimelineEntry[];
    replies: Reply[];
  };

/** Takes every message now visible on the replies queue (deleting it, as a successful batch does). */
const drainQueue = async (): Promise<ReplyQueueMessage[]> => {
  const { Messages = [] } = await queues.client.send(
    new ReceiveMessageCommand({
      QueueUrl: queues.queueUrls.replies,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
    }),
  );
  for (const message of Messages) {
    await queues.client.send(
      new DeleteMessageCommand({
        QueueUrl: queues.queueUrls.replies,
        ReceiptHandle: message.ReceiptHandle,
      }),
    );
  }
  return Messages.map((message) => ReplyQueueMessage.parse(JSON.parse(message.Body ?? '')));
};

/** The brand's reply as X's Account Activity webhook reports it (a tweet by `for_user_id`). */
const echoOf = (mention: Mention, platformReplyId: string, text: string): Mention => ({
  ...mention,
  id: `x:${platformReplyId}`,
  nativeId: platformReplyId,
  kind: 'brand_reply',
  author: { id: BRAND_ACCOUNT, handle: 'AcmeAir' },
  text: `@${mention.author.handle} ${text}`,
  inReplyToId: mention.nativeId,
  url: `https://x.com/AcmeAir/status/${platformReplyId}`,
  createdAt: clock.now().toISOString(),
});

const respondedEvents = (caseId: string) =>
  events.filter(
    (event) =>
      event['detail-type'] === 'Case Responded' &&
      (event.detail as { caseId: string }).caseId === caseId,
  );

describe('replies from a case', () => {
  it('posts a public reply once, records the response at the send, and takes the echo as the same reply', async () => {
    const { mention, subject } = await openCase();
    const text = 'Sorry Dana, we are on it and will DM you.';
    const asked = await api('POST', `/cases/${subject.caseId}/reply`, {
      version: subject.version,
      visibility: 'public',
      text,
    });
    expect(asked.status).toBe(202);
    const [queued] = asked.body.replies as Reply[];
    expect(queued).toMatchObject({
      state: 'queued',
      visibility: 'public',
      target: { kind: 'x_reply', inReplyToTweetId: mention.nativeId },
    });

    clock.advance(20_000);
    const sentAt = clock.now().toISOString();
    const [message] = await drainQueue();
    expect(await senderWith().handle(message as ReplyQueueMessage)).toBe('sent');

    expect(x.requests).toHaveLength(1);
    expect(x.requests[0]?.body).toEqual({
      text,
      reply: { in_reply_to_tweet_id: mention.nativeId },
    });
    const after = await getCase(subject.caseId);
    const [sent] = after.replies;
    expect(sent).toMatchObject({
      replyId: queued?.replyId,
      state: 'sent',
      sentAt,
      platformReplyId: expect.any(String),
    });
    expect(after.case).toMatchObject({ status: 'responded', firstResponseAt: sentAt });
    const responded = after.timeline.filter((entry) => entry.type === 'responded');
    expect(responded).toEqual([
      expect.objectContaining({
        at: sentAt,
        actor: { type: 'agent', id: 'agent-priya' },
        detail: expect.objectContaining({
          where: 'public on x',
          platformReplyId: sent?.platformReplyId,
          url: `https://x.com/i/web/status/${sent?.platformReplyId}`,
          first: true,
        }),
      }),
    ]);

    clock.advance(5_000);
    await triageMention(triage, echoOf(mention, sent?.platformReplyId ?? '', text));
    const echoed = await getCase(subject.caseId);
    expect(echoed.case.firstResponseAt).toBe(sentAt);
    expect(echoed.timeline.filter((entry) => entry.type === 'responded')).toHaveLength(1);
  });

  it('never posts twice after a crash between sending and recording; the echo settles it', async () => {
    const { mention, subject } = await openCase();
    const text = 'We are sorry, checking your refund now.';
    await api('POST', `/cases/${subject.caseId}/reply`, {
      version: subject.version,
      visibility: 'public',
      text,
    });
    const [message] = await drainQueue();
    const crashing = Object.create(outbox) as DynamoDbReplyOutbox;
    crashing.recordSent = async () => {
      throw new Error('the sender was stopped after the platform call');
    };
    clock.advance(10_000);
    const attemptedAt = clock.now().toISOString();
    await expect(
      senderWith({ outbox: crashing }).handle(message as ReplyQueueMessage),
    ).rejects.toThrow('stopped');
    expect(x.requests).toHaveLength(1);

    // The queue delivers the message again after its visibility timeout: the reply was
    // attempted, so it is not sent again.
    clock.advance(REPLY_QUEUE.visibilityTimeoutSeconds * 1000);
    expect(await senderWith().handle(message as ReplyQueueMessage)).toBe('unknown');
    expect(x.requests).toHaveLength(1);
    const unknown = await getCase(subject.caseId);
    expect(unknown.replies[0]).toMatchObject({
      state: 'unknown',
      problem: { code: 'interrupted' },
    });
    expect(unknown.case.status).toBe('open');

    // The id X gave the tweet, as its webhook reports it (the sender never learned it).
    const postedId = '1790099900000000001';
    await triageMention(triage, echoOf(mention, postedId, text));
    const settled = await getCase(subject.caseId);
    expect(settled.replies[0]).toMatchObject({
      state: 'sent',
      platformReplyId: postedId,
      sentAt: attemptedAt,
    });
    expect(settled.case).toMatchObject({ status: 'responded', firstResponseAt: attemptedAt });
    expect(settled.timeline.filter((entry) => entry.type === 'responded')).toHaveLength(1);
    expect(respondedEvents(subject.caseId)).toHaveLength(1);
  });

  it('marks a timed-out reply unknown and never sends it again', async () => {
    const { subject } = await openCase();
    await api('POST', `/cases/${subject.caseId}/reply`, {
      version: subject.version,
      visibility: 'public',
      text: 'On it.',
    });
    const [message] = await drainQueue();
    x.failNext('hang');
    expect(await senderWith({ timeoutMs: 300 }).handle(message as ReplyQueueMessage)).toBe(
      'unknown',
    );
    expect(await senderWith().handle(message as ReplyQueueMessage)).toBe('already_handled');
    expect(x.requests).toHaveLength(1);
    const after = await getCase(subject.caseId);
    expect(after.replies[0]).toMatchObject({ state: 'unknown', problem: { code: 'timeout' } });
    expect(after.timeline.map((entry) => entry.type)).toContain('reply_unknown');
  });

  it('waits for x-rate-limit-reset after a 429 and then sends the reply once', async () => {
    const { subject } = await openCase();
    await api('POST', `/cases/${subject.caseId}/reply`, {
      version: subject.version,
      visibility: 'public',
      text: 'Looking into it.',
    });
    const [message] = await drainQueue();
    const reset = Math.floor(clock.now().getTime() / 1000) + 120;
    x.failNext(x.faults.rateLimited(reset));
    expect(await senderWith().handle(message as ReplyQueueMessage)).toBe('deferred');
    const waiting = await getCase(subject.caseId);
    expect(waiting.replies[0]).toMatchObject({
      state: 'queued',
      problem: { code: 'rate_limited', retryAt: new Date(reset * 1000).toISOString() },
    });
    expect(waiting.replies[0]?.attemptedAt).toBeUndefined();

    // Delivered early (a duplicate): put back with the rest of the wait, not sent.
    expect(await senderWith().handle(message as ReplyQueueMessage)).toBe('not_due');
    clock.advance(121_000);
    expect(await senderWith().handle(message as ReplyQueueMessage)).toBe('sent');
    expect(x.requests).toHaveLength(2);
    await drainQueue();
  });

  it('lets only one of two concurrent senders post the same reply', async () => {
    const { subject } = await openCase();
    await api('POST', `/cases/${subject.caseId}/reply`, {
      version: subject.version,
      visibility: 'public',
      text: 'Hello!',
    });
    const [message] = await drainQueue();
    const results = await Promise.allSettled([
      senderWith().handle(message as ReplyQueueMessage),
      senderWith().handle(message as ReplyQueueMessage),
    ]);
    const outcomes = results.map((result) =>
      result.status === 'fulfilled' ? result.value : (result.reason as Error).name,
    );
    // The second finds the reply claimed and either sees it sent or leaves it to the first.
    expect(outcomes).toContain('sent');
    expect(outcomes.filter((outcome) => outcome !== 'sent')).toEqual([
      expect.stringMatching(/^(already_handled|ReplyInFlightError)$/),
    ]);
    expect(x.requests).toHaveLength(1);
  });

  it('takes a case offline: the public acknowledgement, then the direct message', async () => {
    const { mention, subject } = await openCase();
    const asked = await api('POST', `/cases/${subject.caseId}/take-offline`, {
      version: subject.version,
    });
    const [publicReply, privateReply] = asked.body.replies as Reply[];
    expect(publicReply).toMatchObject({ visibility: 'public', text: subject.suggestedReply });
    expect(privateReply).toMatchObject({
      visibility: 'private',
      followsReplyId: publicReply?.replyId,
    });
    expect(privateReply?.text).toContain('Dana Whitfield');
    expect(privateReply?.requestedAt).toBe(publicReply?.requestedAt);
    // Requested at one instant, listed public first whatever their ids.
    expect((await getCase(subject.caseId)).replies.map((reply) => reply.visibility)).toEqual([
      'public',
      'private',
    ]);

    const [first] = await drainQueue();
    expect(first?.replyId).toBe(publicReply?.replyId);
    expect(await senderWith().handle(first as ReplyQueueMessage)).toBe('sent');
    const [second] = await drainQueue();
    expect(second?.replyId).toBe(privateReply?.replyId);
    expect(await senderWith().handle(second as ReplyQueueMessage)).toBe('sent');
    expect(x.requests.map((request) => request.path)).toEqual([
      '/2/tweets',
      `/2/dm_conversations/with/${mention.author.id}/messages`,
    ]);
  });

  it('holds the direct message while the public reply is unknown, and sends it once X echoes the public one', async () => {
    const { mention, subject } = await openCase();
    const asked = await api('POST', `/cases/${subject.caseId}/take-offline`, {
      version: subject.version,
    });
    const [publicReply, privateReply] = asked.body.replies as Reply[];
    const [first] = await drainQueue();
    x.failNext('hang');
    expect(await senderWith({ timeoutMs: 300 }).handle(first as ReplyQueueMessage)).toBe('unknown');
    const byId = async () =>
      new Map((await getCase(subject.caseId)).replies.map((reply) => [reply.replyId, reply]));
    const waiting = await byId();
    expect(waiting.get(publicReply?.replyId ?? '')?.state).toBe('unknown');
    expect(waiting.get(privateReply?.replyId ?? '')).toMatchObject({
      state: 'queued',
      problem: { code: 'awaiting_public_reply' },
    });
    expect(await drainQueue()).toEqual([]);

    // X's webhook reports the public tweet after all: it was posted, so the private one goes.
    await triageMention(triage, echoOf(mention, '1790099900000000077', publicReply?.text ?? ''));
    const [second] = await drainQueue();
    expect(second?.replyId).toBe(privateReply?.replyId);
    expect(await senderWith().handle(second as ReplyQueueMessage)).toBe('sent');
    const after = await byId();
    expect(after.get(publicReply?.replyId ?? '')?.state).toBe('sent');
    expect(after.get(privateReply?.replyId ?? '')?.state).toBe('sent');
    expect(after.get(privateReply?.replyId ?? '')?.problem).toBeUndefined();
    expect(x.requests.map((request) => request.path)).toEqual([
      '/2/tweets',
      `/2/dm_conversations/with/${mention.author.id}/messages`,
    ]);
  });

  it('fails the direct message when the public reply was refused', async () => {
    const { subject } = await openCase();
    const asked = await api('POST', `/cases/${subject.caseId}/take-offline`, {
      version: subject.version,
    });
    const [, privateReply] = asked.body.replies as Reply[];
    const [first] = await drainQueue();
    x.failNext(x.faults.deletedTweet());
    expect(await senderWith().handle(first as ReplyQueueMessage)).toBe('failed');
    const after = await getCase(subject.caseId);
    expect(after.replies.map((reply) => reply.state)).toEqual(['failed', 'failed']);
    expect(
      after.replies.find((reply) => reply.replyId === privateReply?.replyId)?.problem?.code,
    ).toBe('public_reply_not_sent');
  });

  it('replies from the command line through the API, as an operator would', async () => {
    const { subject } = await openCase();
    const gateway = await startHttpGateway({
      routes: ROUTES,
      functions: { casesApi },
      operatorToken: 'cli-token',
      health: async () => ({ api: true }),
    });
    try {
      const out: string[] = [];
      const code = await main(
        [
          'reply',
          subject.caseId,
          '--text',
          'Sorry Dana, DM us please.',
          '--private',
          '--url',
          gateway.url,
        ],
        {
          out: (text) => out.push(text),
          err: () => {},
          status: () => {},
          env: { CASES_API_TOKEN: 'cli-token' },
        },
      );
      expect(code).toBe(0);
      expect(out.join('\n')).toMatch(/^r_\S+ private on x: queued$/);
      const [message] = await drainQueue();
      expect(await senderWith().handle(message as ReplyQueueMessage)).toBe('sent');
      expect(x.requests[0]?.path).toBe(`/2/dm_conversations/with/${subject.author.id}/messages`);
    } finally {
      await gateway.stop();
    }
  });

  it('answers 409 on a stale version and 422 when the platform cannot take the reply', async () => {
    const { subject } = await openCase();
    const stale = await api('POST', `/cases/${subject.caseId}/reply`, {
      version: subject.version + 5,
      visibility: 'public',
      text: 'Hi',
    });
    expect(stale.status).toBe(409);
    const { mention: dm, subject: dmCase } = await openDirectMessageCase();
    const refused = await api('POST', `/cases/${dmCase.caseId}/reply`, {
      version: dmCase.version,
      visibility: 'public',
      text: 'Hi',
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: { code: 'visibility_not_supported' } });
    expect(dm.kind).toBe('direct_message');
    expect(await drainQueue()).toEqual([]);
  });
});

const openDirectMessageCase = async () => {
  tweetCounter += 1;
  const nativeId = `dm-event-${tweetCounter}`;
  const mention = refundComplaint({
    id: `x:${nativeId}`,
    nativeId,
    kind: 'direct_message',
    conversationId: `dm-${tweetCounter}`,
    author: { id: `5550${tweetCounter}`, name: 'Sam' },
  });
  await triageMention(triage, mention);
  return { mention, subject: (await getCase(await caseIdOf(mention))).case };
};
