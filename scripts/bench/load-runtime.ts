/** The local runtime as the load test and the pipeline benchmark run it: in memory, quiet. */
import { randomBytes } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { createTriageHandler } from '../../functions/triage';
import type { LocalClock } from '../../infra/local/clock';
import { type HandlerFactories, startLocalRuntime } from '../../infra/local/runtime';
import type { LoadTarget, TriagedMention } from './load-driver';

export interface LoadRuntimeOptions {
  readonly log?: (line: string) => void;
  /** Wraps or replaces function factories (the benchmark times invocations this way). */
  readonly factories?: Partial<HandlerFactories>;
  /** The business clock (real time by default); the storm test moves it past SLA deadlines. */
  readonly clock?: LocalClock;
  /** A configuration file for RESPONDER_CONFIG (the default configuration otherwise). */
  readonly configFile?: string;
}

/** The mention of each record triage handled (not handed back as failed), in batch order. */
const handledMentions = (event: SQSEvent, failed: ReadonlySet<string>): TriagedMention[] =>
  event.Records.filter((record) => !failed.has(record.messageId)).flatMap((record) => {
    const body = JSON.parse(record.body) as {
      mention?: { id?: string; source?: string; author?: { id?: string } };
    };
    const mentionId = body.mention?.id;
    const source = body.mention?.source;
    const authorId = body.mention?.author?.id;
    return mentionId && source && authorId ? [{ mentionId, source, authorId }] : [];
  });

/**
 * Starts an in-memory local runtime with a fresh webhook secret and API token. The functions log
 * warnings and errors only and emit no metrics: one process hosts every function here, and a line
 * per mention on one stdout would measure the terminal rather than the product. Every triage
 * batch that returns tells `onTriaged` which mentions it stored (the moment their transactions
 * had committed).
 */
export const startLoadRuntime = async (
  options: LoadRuntimeOptions = {},
): Promise<LoadTarget & { stop(): Promise<void> }> => {
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const operatorToken = randomBytes(24).toString('base64url');
  const listeners = new Set<(mentions: readonly TriagedMention[]) => void>();
  const triage = options.factories?.triage ?? createTriageHandler;
  const runtime = await startLocalRuntime({
    inMemory: true,
    env: {
      GENERIC_WEBHOOK_SECRETS: webhookSecret,
      CASES_API_TOKEN: operatorToken,
      ...(options.configFile ? { RESPONDER_CONFIG: options.configFile } : {}),
    },
    log: options.log,
    factories: {
      ...options.factories,
      triage: (ctx) => {
        const handler = triage(ctx);
        return async (event) => {
          const answer = await handler(event);
          const failed = new Set(
            (answer?.batchItemFailures ?? []).map((item) => item.itemIdentifier),
          );
          const mentions = handledMentions(event, failed);
          for (const listener of listeners) listener(mentions);
          return answer;
        };
      },
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    runtime,
    webhookSecret,
    operatorToken,
    onTriaged: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => runtime.stop(),
  };
};
