/**
 * CPU time of the ingest handler per realistic webhook (signature, parse, normalize, batch build)
 * with SendMessageBatch answered in process, against the floor of the same payload: one HMAC-SHA256
 * of the body and one JSON.parse, measured in the same run. Each is the fastest of several runs,
 * taken in turns: the cost on a warm instance, without the JIT compiler's warm-up or a neighbour's
 * load on a shared machine.
 */
import { createHmac } from 'node:crypto';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createIngestHandler } from '../../functions/ingest';
import { LocalClock } from '../../infra/local/clock';
import { secretsFromMap } from '../../shared/contracts/secrets';
import { parseConfig } from '../../shared/domain/config/responder-config';
import { fixture, signedWebhook, TEST_SECRETS } from '../../test/support/signed-webhooks';

export class IngestBenchError extends Error {
  override name = 'IngestBenchError';
}

/** One webhook per source, as each platform posts it (fixtures of the test suite). */
const WEBHOOKS = [
  ['x', 'tweet-mention.json'],
  ['meta', 'page-feed-comment.json'],
  ['generic', 'mention-created.json'],
  ['trustpilot', 'review-created.json'],
] as const;

/** Runs of the handler and of the floor; the fastest of each counts. */
const RUNS = 5;

export interface IngestCost {
  readonly usPerWebhook: number;
  readonly floorUsPerWebhook: number;
  readonly webhooks: number;
}

/**
 * Answers SendMessageBatch in process, every entry accepted. A plain replacement of `send`: a
 * mock library's call log and argument matching would be measured as ingest CPU.
 */
const answerSqsInProcess = (): (() => void) => {
  const send = SQSClient.prototype.send;
  const accept = async (command: unknown) => {
    if (!(command instanceof SendMessageBatchCommand)) {
      throw new IngestBenchError(`the ingest sent ${String(command)}, not SendMessageBatch`);
    }
    return {
      Successful: (command.input.Entries ?? []).map((entry) => ({
        Id: entry.Id,
        MessageId: `m-${entry.Id}`,
        MD5OfMessageBody: '',
      })),
      Failed: [],
    };
  };
  SQSClient.prototype.send = accept as typeof send;
  return () => {
    SQSClient.prototype.send = send;
  };
};

const cpuMicros = (run: () => Promise<void> | void) => async (): Promise<number> => {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return used.user + used.system;
};

export const measureIngest = async (rounds = 1_500): Promise<IngestCost> => {
  const restoreSqs = answerSqsInProcess();
  try {
    const ingest = createIngestHandler({
      env: {
        TABLE_NAME: 'bench',
        MENTION_QUEUE_URL: 'http://127.0.0.1:9/000000000000/mentions',
        EVENT_BUS_NAME: 'bench',
        AWS_REGION: 'us-east-1',
      },
      config: parseConfig({}, 'benchmark configuration'),
      clock: new LocalClock({ rate: 1 }),
      secrets: secretsFromMap(TEST_SECRETS),
    });
    const bodies = WEBHOOKS.map(([source, name]) => fixture(source, name));
    // Signed once: the signature stays within every source's timestamp tolerance for the run.
    const events: APIGatewayProxyEventV2[] = WEBHOOKS.map(([source], index) =>
      signedWebhook(source, bodies[index] ?? ''),
    );
    for (const event of events) {
      const answer = await ingest(event);
      if (answer.statusCode !== 200) {
        throw new IngestBenchError(
          `the ${event.pathParameters?.source} webhook answered ${answer.statusCode}: ${answer.body}`,
        );
      }
    }
    const handle = cpuMicros(async () => {
      for (let round = 0; round < rounds; round++) {
        for (const event of events) await ingest(event);
      }
    });
    const key = TEST_SECRETS.GENERIC_WEBHOOK_SECRETS;
    let sink = 0;
    const floor = cpuMicros(() => {
      for (let round = 0; round < rounds; round++) {
        for (const body of bodies) {
          sink += createHmac('sha256', key).update(body).digest().length;
          sink += Object.keys(JSON.parse(body) as object).length;
        }
      }
    });
    let handlerMicros = Number.POSITIVE_INFINITY;
    let floorMicros = Number.POSITIVE_INFINITY;
    for (let run = 0; run < RUNS; run++) {
      handlerMicros = Math.min(handlerMicros, await handle());
      floorMicros = Math.min(floorMicros, await floor());
    }
    if (sink === 0) throw new IngestBenchError('the floor computed nothing');
    const webhooks = rounds * events.length;
    return {
      usPerWebhook: Number((handlerMicros / webhooks).toFixed(1)),
      floorUsPerWebhook: Number((floorMicros / webhooks).toFixed(2)),
      webhooks,
    };
  } finally {
    restoreSqs();
  }
};
