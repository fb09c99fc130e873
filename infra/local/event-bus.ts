import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { BusEvent } from '../../shared/contracts/events';
import type { Clock } from '../../shared/use-cases/ports/clock';
import type { EventRuleSpec } from '../topology';
import { compileEventPattern } from './event-pattern';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './ports';
import { renderTargetInput } from './target-input';

/** A rule's target: a Lambda function invoked asynchronously with the rule's rendered input. */
export type NotifierFunction = (payload: unknown) => Promise<void>;

/** What the bus needs of a rule: its name, its pattern, and what its target is handed. */
export type BusRule = Pick<EventRuleSpec, 'name' | 'pattern'> & {
  readonly target: Pick<EventRuleSpec['target'], 'input'>;
};

export interface EventBusOptions {
  readonly busName: string;
  readonly rules: readonly BusRule[];
  readonly notifier: NotifierFunction;
  /** Stamps `time` on events, as EventBridge does on receipt. */
  readonly clock: Clock;
  /** Where invocations that failed every attempt go (Lambda's on-failure destination). */
  readonly deadLetter?: { readonly client: SQSClient; readonly queueUrl: string };
  /**
   * Waits before each retry of a failed invocation. Lambda retries asynchronous invocations twice,
   * about one and two minutes apart; locally the default is one and two seconds.
   */
  readonly retryDelaysMs?: readonly number[];
  /** Port to listen on; a free one when omitted. */
  readonly port?: number;
  /** Called for every delivery that failed an attempt, and for dropped entries. */
  readonly onError?: (error: unknown, context: string) => void;
}

export interface EventBus {
  /** The endpoint for AWS_ENDPOINT_URL_EVENTBRIDGE. */
  readonly endpoint: string;
  readonly port: number;
  /** Calls `listener` with every event put on the bus; returns the unsubscribe function. */
  subscribe(listener: (event: BusEvent) => void): () => void;
  /** Resolves when no delivery (including retries) is in flight. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export class EventDeliveryError extends Error {
  override name = 'EventDeliveryError';
}

/** A PutEvents entry as the AWS JSON 1.1 protocol carries it (Time in epoch seconds). */
const PutEventsEntry = z.object({
  Source: z.string().min(1).optional(),
  DetailType: z.string().min(1).optional(),
  Detail: z.string().optional(),
  EventBusName: z.string().optional(),
  Resources: z.array(z.string()).optional(),
  Time: z.number().optional(),
});
const PutEventsRequest = z.object({ Entries: z.array(PutEventsEntry).min(1).max(10) });
type PutEventsEntry = z.infer<typeof PutEventsEntry>;
type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

const PUT_EVENTS_TARGET = 'AWSEvents.PutEvents';
const JSON_11 = 'application/x-amz-json-1.1';
const DEFAULT_RETRY_DELAYS_MS = [1_000, 2_000] as const;

const send = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'content-type': JSON_11 });
  response.end(JSON.stringify(body));
};

const readText = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** EventBridge writes `time` without milliseconds. */
const eventTime = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

/**
 * A local EventBridge bus: an HTTP endpoint speaking PutEvents (AWS JSON 1.1), so functions publish
 * with the real SDK client; each event goes to every rule whose pattern matches, and the rule's
 * target (the notifier) is invoked asynchronously, with the input the rule's target defines, with
 * Lambda's retries and on-failure queue.
 */
export const startEventBus = async (options: EventBusOptions): Promise<EventBus> => {
  const rules = options.rules.map((rule) => ({ rule, matches: compileEventPattern(rule.pattern) }));
  const listeners = new Set<(event: BusEvent) => void>();
  const inFlight = new Set<Promise<void>>();
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const stopping = new AbortController();

  const deadLetter = async (payload: unknown, error: unknown): Promise<void> => {
    if (!options.deadLetter) return;
    const message = error instanceof Error ? error.message : String(error);
    await options.deadLetter.client.send(
      new SendMessageCommand({
        QueueUrl: options.deadLetter.queueUrl,
        MessageBody: JSON.stringify(payload),
        MessageAttributes: {
          ErrorMessage: { DataType: 'String', StringValue: message.slice(0, 1_000) || 'unknown' },
        },
      }),
    );
  };

  const deliver = async (payload: unknown, eventId: string, ruleName: string): Promise<void> => {
    let lastError: unknown;
    for (let attempt = 0; attempt <= retryDelays.length; attempt += 1) {
      if (attempt > 0) {
        const stopped = await sleep(retryDelays[attempt - 1], true, {
          signal: stopping.signal,
        }).catch(() => false);
        if (!stopped) {
          options.onError?.(
            new EventDeliveryError(`event ${eventId} was not retried: the bus stopped`),
            ruleName,
          );
          return;
        }
      }
      try {
        await options.notifier(payload);
        return;
      } catch (error) {
        lastError = error;
        options.onError?.(
          new EventDeliveryError(
            `rule ${ruleName}: notifier attempt ${attempt + 1} failed for event ${eventId}`,
            { cause: error },
          ),
          ruleName,
        );
      }
    }
    await deadLetter(payload, lastError).catch((error: unknown) =>
      options.onError?.(error, `${ruleName} dead letter`),
    );
  };

  const track = (delivery: Promise<void>): void => {
    inFlight.add(delivery);
    void delivery.finally(() => inFlight.delete(delivery));
  };

  const putEntry = (entry: PutEventsEntry): EntryResult => {
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameters Source, DetailType and Detail are required',
      };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object.' };
    }
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: LOCAL_ACCOUNT_ID,
      time: eventTime(entry.Time === undefined ? options.clock.now() : new Date(entry.Time * 1000)),
      region: LOCAL_REGION,
      resources: entry.Resources ?? [],
      detail,
    };
    const busName = entry.EventBusName ?? 'default';
    if (busName !== options.busName) {
      // EventBridge accepts the entry and drops it when the bus has no rules; say so locally.
      options.onError?.(
        new EventDeliveryError(`event ${event.id} was put on unknown bus "${busName}" and dropped`),
        'PutEvents',
      );
      return { EventId: event.id };
    }
    for (const listener of listeners) listener(event);
    const ingestionTime = options.clock.now();
    for (const { rule, matches } of rules) {
      if (!matches(event)) continue;
      const input = renderTargetInput(rule.target.input, event, {
        ruleArn: `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${options.busName}/${rule.name}`,
        ruleName: rule.name,
        ingestionTime,
      });
      let payload: unknown;
      try {
        payload = JSON.parse(input);
      } catch (error) {
        // Lambda refuses an Invoke whose payload is not JSON, so the target never runs.
        options.onError?.(
          new EventDeliveryError(
            `rule ${rule.name}: the target input for event ${event.id} is not JSON: ${input.slice(0, 200)}`,
            { cause: error },
          ),
          rule.name,
        );
        continue;
      }
      track(deliver(payload, event.id, rule.name));
    }
    return { EventId: event.id };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || target !== PUT_EVENTS_TARGET) {
      send(response, 400, {
        __type: 'UnknownOperationException',
        message: `the local bus only supports ${PUT_EVENTS_TARGET}, got ${String(target)}`,
      });
      return;
    }
    let parsed: z.infer<typeof PutEventsRequest>;
    try {
      parsed = PutEventsRequest.parse(JSON.parse(await readText(request)));
    } catch (error) {
      send(response, 400, {
        __type: 'ValidationException',
        message: `PutEvents request is invalid: ${error instanceof Error ? error.message : String(error)}`,
      });
      return;
    }
    const results = parsed.Entries.map(putEntry);
    send(response, 200, {
      FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length,
      Entries: results,
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.onError?.(error, 'PutEvents');
      if (!response.headersSent)
        send(response, 500, { __type: 'InternalException', message: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const settled = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    settled,
    stop: async () => {
      stopping.abort();
      await settled();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
};
