/**
 * The whole product on one machine: DynamoDB Local, local-aws-sqs, an API Gateway stand-in, the SQS
 * and DynamoDB Streams event source mappings, an EventBridge bus with the topology's rules, the schedule, and an alert
 * sink — all built from infra/topology.ts, running the very handlers Lambda runs.
 *
 * One runtime per process: it points the AWS SDK at its emulators through process.env.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { openedCaseOf } from '../../shared/adapters/dynamodb/case-change-facts';
import { backfillCaseIndexes } from '../../shared/adapters/dynamodb/case-index-backfill';
import type { CaseFigures } from '../../shared/contracts/case';
import { secretsFromMap } from '../../shared/contracts/secrets';
import { DeploymentConfig } from '../../shared/domain/config/deployment';
import { type RuntimeContext, withConsoleLinks } from '../../shared/runtime/context';
import { CONSOLE_DIST } from '../console-hosting';
import {
  CASE_STREAM,
  EVENT_RULES,
  FUNCTIONS,
  type FunctionName,
  MENTION_QUEUE,
  REPLY_QUEUE,
  ROUTES,
  SCHEDULES,
} from '../topology';
import { type AlertSink, describeAlert, startAlertSink } from './alert-sink';
import { LocalClock, parseClockRate } from './clock';
import { consoleAssets } from './console-assets';
import {
  createCaseTable,
  localDynamoDbClient,
  localStreamsClient,
  startDynamoDbLocal,
} from './dynamodb';
import { type BusRule, type EventBus, type NotifierFunction, startEventBus } from './event-bus';
import { type HttpFunction, LOCAL_OPERATOR_CLAIMS, startHttpGateway } from './http-gateway';
import { keptSecrets } from './kept-secrets';
import { LOCAL_ACCOUNT_ID, LOCAL_CREDENTIALS, LOCAL_REGION } from './ports';
import { startScheduler } from './scheduler';
import { type LocalSettings, resolveLocalSettings } from './settings';
import { drainQueues, startSqsLocal } from './sqs';
import { type SqsFunction, startSqsPoller } from './sqs-poller';
import { type StreamFunction, type StreamPoller, startStreamPoller } from './stream-poller';

export class LocalRuntimeError extends Error {
  override name = 'LocalRuntimeError';
}

/** The handler each function's entry file builds, by function name (see functions/*.ts). */
export interface FunctionHandlers {
  readonly ingest: HttpFunction;
  readonly casesApi: HttpFunction;
  readonly triage: SqsFunction;
  readonly slaSweeper: (event: unknown) => Promise<unknown>;
  readonly notifier: NotifierFunction;
  readonly replySender: SqsFunction;
  readonly caseStream: StreamFunction;
}
export type HandlerFactories = {
  readonly [Name in FunctionName]: (ctx: RuntimeContext) => FunctionHandlers[Name];
};

export interface LocalRuntimeOptions {
  /** Port of the HTTP API; a free one when omitted (main.ts passes PORT, default 3000). */
  readonly port?: number;
  /** Keep no data: DynamoDB in memory and no generated secrets on disk. */
  readonly inMemory?: boolean;
  /** Where data and generated secrets live unless inMemory; `.data` by default. */
  readonly dataDirectory?: string;
  /** The business clock; one running CLOCK_RATE times real time when omitted. */
  readonly clock?: LocalClock;
  /** Secrets, targets, RESPONDER_CONFIG and CLOCK_RATE; process.env by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Replaces the factories loaded from the functions' entry files (tests inject faults here). */
  readonly factories?: Partial<HandlerFactories>;
  /** The bus's rules; the topology's EVENT_RULES when omitted (tests pass a template's rules). */
  readonly eventRules?: readonly BusRule[];
  /** Waits before the notifier's retries; see EventBusOptions. */
  readonly notifyRetryDelaysMs?: readonly number[];
  /** Where the runtime reports what happens; silent when omitted. */
  readonly log?: (line: string) => void;
  /**
   * The caller stops the runtime on SIGINT and SIGTERM (npm start): DynamoDB Local then runs in a
   * process group of its own, so Ctrl-C reaches it only through stop(), after the drain.
   */
  readonly handlesSignals?: boolean;
  /** How long stop() waits for the queues to drain through their functions; 30 s by default. */
  readonly drainTimeoutMs?: number;
  /**
   * The case stream's tumbling window; the topology's (60 s) when omitted. Tests that read the
   * reports shorten it so a window ends within the test.
   */
  readonly streamWindowSeconds?: number;
  /**
   * Told of each case the stream shows opened (triage publishes no event for it); at least once,
   * like the stream.
   */
  readonly onCaseOpened?: (opened: CaseFigures) => void;
}

export interface LocalRuntime {
  /** Base URL of the HTTP API. */
  readonly url: string;
  readonly clock: LocalClock;
  readonly events: Pick<EventBus, 'subscribe' | 'settled'>;
  /** The case table's stream: `drained()` resolves once every change so far is summed and written. */
  readonly caseStream: Pick<StreamPoller, 'drained'>;
  readonly sink: Pick<AlertSink, 'alerts' | 'refusals' | 'onAlert' | 'urlOf'>;
  readonly settings: LocalSettings;
  readonly endpoints: {
    readonly dynamodb: string;
    readonly sqs: string;
    readonly eventBridge: string;
  };
  /**
   * Stops cleanly: webhooks get 503 from now on, what is queued is handled (the mentions by
   * triage, the replies by the sender) for up to drainTimeoutMs, then every part stops. The
   * local queues live in memory: whatever is still queued then is lost, and reported.
   */
  stop(): Promise<void>;
}

/** How long a clean stop waits for the queues to drain. */
export const LOCAL_DRAIN_TIMEOUT_MS = 60_000;

const REPOSITORY_ROOT = resolve(__dirname, '..', '..');
export const LOCAL_TABLE_NAME = 'social-responder-cases';
export const LOCAL_EVENT_BUS_NAME = 'social-responder-local';
/** Triage batches at once: the maximum concurrency a deployment's triage event source has by default. */
export const LOCAL_TRIAGE_CONCURRENCY =
  DeploymentConfig.shape.concurrency.parse(undefined).triageMax;

/** `slaSweeper` → `createSlaSweeperHandler`, the export every entry file agrees on. */
const factoryExportOf = (name: FunctionName): string =>
  `create${name.charAt(0).toUpperCase()}${name.slice(1)}Handler`;

/** Loads each function's factory from its entry file in the topology (the file the CDK stack bundles). */
const loadFactories = async (overrides: Partial<HandlerFactories>): Promise<HandlerFactories> => {
  const names = Object.keys(FUNCTIONS) as FunctionName[];
  const loaded = await Promise.all(
    names.map(async (name) => {
      const override = overrides[name];
      if (override) return [name, override] as const;
      const entry = FUNCTIONS[name].entry;
      const exportName = factoryExportOf(name);
      let module: Record<string, unknown>;
      try {
        module = (await import(join(REPOSITORY_ROOT, entry))) as Record<string, unknown>;
      } catch (error) {
        throw new LocalRuntimeError(`cannot load function ${name} from ${entry}`, { cause: error });
      }
      const factory = module[exportName];
      if (typeof factory !== 'function') {
        throw new LocalRuntimeError(`${entry} does not export ${exportName}(ctx)`);
      }
      return [name, factory] as const;
    }),
  );
  return Object.fromEntries(loaded) as unknown as HandlerFactories;
};

/** The event an EventBridge schedule hands its target. */
const scheduledEvent = (name: string, clock: LocalClock) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: LOCAL_ACCOUNT_ID,
  time: `${clock.now().toISOString().slice(0, 19)}Z`,
  region: LOCAL_REGION,
  resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${name}`],
  detail: {},
});

/** The platform API base URLs a local run points at stand-ins (the real APIs when unset). */
const platformApiUrls = (env: Readonly<Record<string, string | undefined>>) =>
  Object.fromEntries(
    (['X_API_BASE_URL', 'META_GRAPH_BASE_URL', 'TRUSTPILOT_API_BASE_URL'] as const).flatMap(
      (name) => (env[name] ? [[name, env[name]]] : []),
    ),
  );

const describeError = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
};

/** Starts every part, wires the functions in, and returns once the HTTP API answers. */
export const startLocalRuntime = async (
  options: LocalRuntimeOptions = {},
): Promise<LocalRuntime> => {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const dataDirectory = resolve(options.dataDirectory ?? '.data');
  const clock = options.clock ?? new LocalClock({ rate: parseClockRate(env.CLOCK_RATE) });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error: unknown) => log(describeError(error)));
  };

  try {
    const dynamoDb = await startDynamoDbLocal({
      dataDirectory: options.inMemory ? undefined : join(dataDirectory, 'dynamodb'),
      ownProcessGroup: options.handlesSignals,
    });
    stops.push(dynamoDb.stop);
    const sqs = await startSqsLocal();
    stops.push(sqs.stop);
    const sink = await startAlertSink();
    stops.push(sink.stop);
    sink.onAlert((alert) => log(`alert ${describeAlert(alert)}`));

    const settings = resolveLocalSettings({
      env,
      sinkUrl: sink.url,
      generatedSecretsFile: options.inMemory ? undefined : join(dataDirectory, 'dev-secrets.json'),
    });

    const dynamoDbClient = localDynamoDbClient(dynamoDb.endpoint);
    await createCaseTable(dynamoDbClient, LOCAL_TABLE_NAME);
    if (!options.inMemory) {
      // Data kept from an earlier version: its cases get this version's index keys (a no-op after).
      const { updated } = await backfillCaseIndexes(
        DynamoDBDocumentClient.from(dynamoDbClient),
        LOCAL_TABLE_NAME,
      );
      if (updated > 0) log(`${updated} earlier case(s) given this version's index keys`);
    }
    const sqsClient = new SQSClient({
      endpoint: sqs.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    stops.push(async () => {
      dynamoDbClient.destroy();
      sqsClient.destroy();
    });

    const factories = await loadFactories(options.factories ?? {});
    // The notifier is needed by the bus and the bus endpoint by every handler: a late binding.
    let notifier: NotifierFunction = async () => {
      throw new LocalRuntimeError('the notifier is not running yet');
    };
    const bus = await startEventBus({
      busName: LOCAL_EVENT_BUS_NAME,
      rules: options.eventRules ?? EVENT_RULES,
      notifier: (payload) => notifier(payload),
      clock,
      deadLetter: { client: sqsClient, queueUrl: sqs.queueUrls.notifyDlq },
      retryDelaysMs: options.notifyRetryDelaysMs,
      onError: (error, rule) => log(`event bus ${rule}: ${describeError(error)}`),
    });
    stops.push(bus.stop);

    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    });
    // The gateway starts before the functions, so alerts can link to the console it serves; until
    // they are built, its routes answer 503 "function … is not running".
    const httpFunctions: Partial<Record<FunctionName, HttpFunction>> = {};
    const health = async () => {
      const answers = async (probe: () => Promise<unknown>) =>
        probe().then(
          () => true,
          () => false,
        );
      return {
        dynamodb: await answers(() => dynamoDbClient.send(new ListTablesCommand({ Limit: 1 }))),
        sqs: await answers(() =>
          sqsClient.send(
            new GetQueueAttributesCommand({
              QueueUrl: sqs.queueUrls.mentions,
              AttributeNames: ['QueueArn'],
            }),
          ),
        ),
        eventBus: await answers(() => fetch(bus.endpoint, { method: 'POST' })),
      };
    };
    const gateway = await startHttpGateway({
      routes: ROUTES,
      functions: httpFunctions,
      operatorToken: settings.secrets.CASES_API_TOKEN ?? '',
      health,
      port: options.port,
      console: consoleAssets({
        root: CONSOLE_DIST,
        settings: { auth: { kind: 'token', operator: LOCAL_OPERATOR_CLAIMS.sub } },
      }),
      onResponse: ({ routeKey, status, ms }) => log(`${routeKey} → ${status} (${ms} ms)`),
      onError: (error, routeKey) => log(`${routeKey}: ${describeError(error)}`),
    });
    stops.push(gateway.stop);
    const ctx: RuntimeContext = {
      env: {
        TABLE_NAME: LOCAL_TABLE_NAME,
        MENTION_QUEUE_URL: sqs.queueUrls.mentions,
        EVENT_BUS_NAME: LOCAL_EVENT_BUS_NAME,
        NOTIFY_DLQ_URL: sqs.queueUrls.notifyDlq,
        REPLY_QUEUE_URL: sqs.queueUrls.replies,
        AWS_REGION: LOCAL_REGION,
        ...platformApiUrls(env),
      },
      config: withConsoleLinks(settings.config, gateway.url),
      clock,
      secrets: options.inMemory
        ? secretsFromMap(settings.secrets)
        : keptSecrets(secretsFromMap(settings.secrets), join(dataDirectory, 'kept-secrets.json')),
    };
    const handlers = {
      ingest: factories.ingest(ctx),
      casesApi: factories.casesApi(ctx),
      triage: factories.triage(ctx),
      slaSweeper: factories.slaSweeper(ctx),
      notifier: factories.notifier(ctx),
      replySender: factories.replySender(ctx),
      caseStream: factories.caseStream(ctx),
    } satisfies FunctionHandlers;
    notifier = handlers.notifier;
    Object.assign(httpFunctions, { ingest: handlers.ingest, casesApi: handlers.casesApi });

    const poller = startSqsPoller({
      client: sqsClient,
      queueUrl: sqs.queueUrls.mentions,
      queueArn: sqs.queueArns.mentions,
      handler: handlers.triage,
      batchSize: MENTION_QUEUE.batchSize,
      maxBatchingWindowSeconds: MENTION_QUEUE.maxBatchingWindowSeconds,
      maxConcurrency: LOCAL_TRIAGE_CONCURRENCY,
      onError: (error) => log(`triage: ${describeError(error)}`),
    });
    stops.push(poller.stop);
    const replyPoller = startSqsPoller({
      client: sqsClient,
      queueUrl: sqs.queueUrls.replies,
      queueArn: sqs.queueArns.replies,
      handler: handlers.replySender,
      batchSize: REPLY_QUEUE.batchSize,
      maxBatchingWindowSeconds: REPLY_QUEUE.maxBatchingWindowSeconds,
      maxConcurrency: 2,
      onError: (error) => log(`replySender: ${describeError(error)}`),
    });
    stops.push(replyPoller.stop);
    const { Table } = await dynamoDbClient.send(
      new DescribeTableCommand({ TableName: LOCAL_TABLE_NAME }),
    );
    const streamsClient = localStreamsClient(dynamoDb.endpoint);
    const streamPoller = startStreamPoller({
      client: streamsClient,
      streamArn: Table?.LatestStreamArn ?? '',
      handler: async (event) => {
        const response = await handlers.caseStream(event);
        if (options.onCaseOpened) {
          for (const record of event.Records) {
            try {
              const opened = openedCaseOf(record);
              if (opened) options.onCaseOpened(opened);
            } catch (error) {
              log(`caseStream: ${describeError(error)}`);
            }
          }
        }
        return response;
      },
      batchSize: CASE_STREAM.batchSize,
      maxBatchingWindowSeconds: CASE_STREAM.maxBatchingWindowSeconds,
      startingPosition: CASE_STREAM.startingPosition,
      tumblingWindowSeconds: options.streamWindowSeconds ?? CASE_STREAM.tumblingWindowSeconds,
      reportBatchItemFailures: CASE_STREAM.reportBatchItemFailures,
      bisectBatchOnFunctionError: CASE_STREAM.bisectBatchOnFunctionError,
      maximumRetryAttempts: CASE_STREAM.maximumRetryAttempts,
      onDiscarded: (batch) =>
        log(`caseStream: ${batch.batchSize} record(s) of ${batch.shardId} discarded`),
      onError: (error) => log(`caseStream: ${describeError(error)}`),
    });
    stops.push(async () => {
      await streamPoller.stop();
      streamsClient.destroy();
    });

    const scheduledTargets: Partial<Record<FunctionName, (event: unknown) => Promise<unknown>>> = {
      slaSweeper: handlers.slaSweeper,
      notifier: handlers.notifier,
    };
    const scheduler = startScheduler({
      clock,
      tasks: SCHEDULES.map((schedule) => {
        const target = scheduledTargets[schedule.function];
        if (!target) {
          throw new LocalRuntimeError(
            `schedule ${schedule.name} targets ${schedule.function}, which takes no scheduled events`,
          );
        }
        return {
          name: schedule.name,
          everySeconds: schedule.everySeconds,
          run: () => target(scheduledEvent(schedule.name, clock)),
        };
      }),
      onError: (error, task) => log(`schedule ${task}: ${describeError(error)}`),
    });
    stops.push(scheduler.stop);

    const drainThenStop = async () => {
      await gateway.refuse('ingest');
      log('intake closed (webhooks answer 503); draining the queues…');
      const queues = [sqs.queueUrls.mentions, sqs.queueUrls.replies];
      const left = await drainQueues(
        sqsClient,
        queues,
        options.drainTimeoutMs ?? LOCAL_DRAIN_TIMEOUT_MS,
      ).catch((error: unknown) => {
        log(`draining the queues failed: ${describeError(error)}`);
        return undefined;
      });
      if (left === 0) log('queues drained');
      else if (left !== undefined) {
        log(
          `${left} queued message(s) not handled in time (a failed one waits out its visibility timeout); the local queue is in memory, so they are lost`,
        );
      }
      await stopAll();
    };

    return {
      url: gateway.url,
      clock,
      events: { subscribe: bus.subscribe, settled: bus.settled },
      caseStream: { drained: streamPoller.drained },
      sink: {
        alerts: sink.alerts,
        refusals: sink.refusals,
        onAlert: sink.onAlert,
        urlOf: sink.urlOf,
      },
      settings,
      endpoints: { dynamodb: dynamoDb.endpoint, sqs: sqs.endpoint, eventBridge: bus.endpoint },
      stop: drainThenStop,
    };
  } catch (error) {
    await stopAll();
    throw error instanceof LocalRuntimeError
      ? error
      : new LocalRuntimeError(`the local runtime could not start: ${describeError(error)}`, {
          cause: error,
        });
  }
};
