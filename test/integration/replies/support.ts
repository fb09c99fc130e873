/** Shared by the reply tests: the functions around an X stand-in, and running the reply sender. */
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createCasesApiHandler } from '../../../functions/cases-api';
import { createReplySenderHandler } from '../../../functions/reply-sender';
import { createTriageHandler } from '../../../functions/triage';
import { LocalClock } from '../../../infra/local/clock';
import { startEventBus } from '../../../infra/local/event-bus';
import type { ResponderConfigInput } from '../../../shared/domain/config/responder-config';
import {
  createTestTable,
  startTestQueues,
  type TestQueues,
  type TestTable,
  testRuntimeContext,
} from '../../support/emulators';
import {
  ACME_X_CREDENTIALS,
  ACME_X_REPLY_SECRETS,
  startXStandIn,
  type XStandIn,
} from '../../support/platform-stand-ins';
import { sqsEvent, sqsRecord } from '../triage/support';

/**
 * Runs the reply sender on what the replies queue holds until `done` (at most `rounds` rounds),
 * a second of business time a round.
 */
export const sendRepliesUntil = async (
  harness: {
    queues: TestQueues;
    sender: ReturnType<typeof createReplySenderHandler>;
    clock: LocalClock;
  },
  done: () => boolean,
  rounds = 30,
) => {
  const { queues, sender, clock } = harness;
  for (let round = 0; round < rounds && !done(); round += 1) {
    const { Messages = [] } = await queues.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.queueUrls.replies,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    if (Messages.length > 0) {
      const answer = await sender(
        sqsEvent(...Messages.map((message) => sqsRecord(message.Body ?? ''))),
      );
      expect(answer?.batchItemFailures ?? []).toEqual([]);
      for (const message of Messages) {
        await queues.client.send(
          new DeleteMessageCommand({
            QueueUrl: queues.queueUrls.replies,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
      }
    }
    clock.advance(1_000);
  }
};

export interface XReplyHarness {
  readonly table: TestTable;
  readonly queues: TestQueues;
  readonly x: XStandIn;
  readonly clock: LocalClock;
  readonly triage: ReturnType<typeof createTriageHandler>;
  readonly api: ReturnType<typeof createCasesApiHandler>;
  readonly sender: ReturnType<typeof createReplySenderHandler>;
  /** Runs the reply sender until `done`; see sendRepliesUntil. */
  sendUntil(done: () => boolean, rounds?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real triage, cases API and reply sender functions over a fresh table, local SQS, a local bus
 * and a loopback X stand-in for the brand's account, on a clock that moves only when told.
 */
export const startXReplyHarness = async (options: {
  busName: string;
  start: string;
  config: ResponderConfigInput;
}): Promise<XReplyHarness> => {
  const [table, queues, x] = await Promise.all([
    createTestTable(),
    startTestQueues(),
    startXStandIn(ACME_X_CREDENTIALS),
  ]);
  const clock = new LocalClock({ rate: 0, start: new Date(options.start) });
  const bus = await startEventBus({
    busName: options.busName,
    rules: [],
    notifier: async () => {},
    clock,
  });
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.endpoint;
  const ctx = testRuntimeContext({
    table,
    queues,
    clock,
    eventBusName: options.busName,
    secrets: ACME_X_REPLY_SECRETS,
    config: options.config,
  });
  const sender = createReplySenderHandler({ ...ctx, env: { ...ctx.env, X_API_BASE_URL: x.url } });
  return {
    table,
    queues,
    x,
    clock,
    triage: createTriageHandler(ctx),
    api: createCasesApiHandler(ctx),
    sender,
    sendUntil: (done, rounds) => sendRepliesUntil({ queues, sender, clock }, done, rounds),
    stop: async () => {
      await Promise.all([x.stop(), bus.stop()]);
      await queues.stop();
      await table.delete();
    },
  };
};
