/**
 * CPU time of the ingest handler per realistic webhook, as a platform posts it (signature, parse,
 * normalize, batch build; no table read, which only a sender asking for `duplicates` pays)
 * against the floor of the same payload: one HMAC-SHA256 of the body and one JSON.parse,
 * measured in the same run. SendMessageBatch is answered in process. Each figure is the fastest
 * of several runs, taken in turns: the cost on a warm instance, without the JIT compiler's warm-up or a
 * neighbour's load on a shared machine. A run in which the handler logs a warning or an error
 * fails: its figure would measure the failure.
 */
import { createHmac } from 'node:crypto';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createIngestHandler } from '../../functions/ingest';
import { LocalClock } from '../../infra/local/clock';
import { LOCAL_REGION } from '../../infra/local/ports';
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
/**
 * Untimed runs first: V8 keeps optimizing the handler's code (zod's parsers above all) over the
 * first tens of thousands of webhooks, and an instance serving traffic is past that.
 */
const WARM_UP_RUNS = 10;

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

/** The handler's log levels that mean a run measured a failure rather than ingest. */
const FAILURE_LEVELS = new Set(['WARN', 'ERROR', 'CRITICAL']);

/**
 * Keeps the handler's log lines (JSON, one a line) off the terminal while the measure runs and
 * hands back those at a failure level.
 */
const holdLogLines = () => {
  const writers = [process.stdout, process.stderr] as const;
  const originals = writers.map((stream) => stream.write);
  const failures: string[] = [];
  for (const stream of writers) {
    stream.write = ((chunk: string | Uint8Array) => {
      for (const line of String(chunk).split('\n')) {
        const level = /"level":"([A-Z]+)"/.exec(line)?.[1];
        if (level && FAILURE_LEVELS.has(level)) failures.push(line);
      }
      return true;
    }) as typeof stream.write;
  }
  return {
    failures: () => failures,
    restore: () => {
      writers.forEach((stream, index) => {
        stream.write = originals[index] as typeof stream.write;
      });
    },
  };
};

const cpuMicros = (run: () => Promise<void> | void) => async (): Promise<number> => {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return used.user + used.system;
};

export interface IngestBenchOptions {
  /** Rounds of every webhook per run. */
  readonly rounds?: number;
}

export const measureIngest = async (options: IngestBenchOptions = {}): Promise<IngestCost> => {
  const rounds = options.rounds ?? 500;
  const restoreSqs = answerSqsInProcess();
  const logs = holdLogLines();
  const checkLogs = () => {
    const [first] = logs.failures();
    if (first) {
      throw new IngestBenchError(
        `the ingest handler logged ${logs.failures().length} warning or error line(s), the first: ${first}`,
      );
    }
  };
  try {
    const ingest = createIngestHandler({
      env: {
        TABLE_NAME: 'ingest-bench',
        MENTION_QUEUE_URL: 'http://127.0.0.1:9/000000000000/mentions',
        EVENT_BUS_NAME: 'bench',
        AWS_REGION: LOCAL_REGION,
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
    checkLogs();
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
    for (let run = 0; run < WARM_UP_RUNS; run++) {
      await handle();
      await floor();
    }
    let handlerMicros = Number.POSITIVE_INFINITY;
    let floorMicros = Number.POSITIVE_INFINITY;
    for (let run = 0; run < RUNS; run++) {
      handlerMicros = Math.min(handlerMicros, await handle());
      floorMicros = Math.min(floorMicros, await floor());
    }
    checkLogs();
    if (sink === 0) throw new IngestBenchError('the floor computed nothing');
    const webhooks = rounds * events.length;
    return {
      usPerWebhook: Number((handlerMicros / webhooks).toFixed(1)),
      floorUsPerWebhook: Number((floorMicros / webhooks).toFixed(2)),
      webhooks,
    };
  } finally {
    logs.restore();
    restoreSqs();
  }
};
