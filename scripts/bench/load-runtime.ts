/** The local runtime as the load test and the pipeline benchmark run it: in memory, quiet. */
import { randomBytes } from 'node:crypto';
import type { LocalClock } from '../../infra/local/clock';
import { type HandlerFactories, startLocalRuntime } from '../../infra/local/runtime';
import type { LoadTarget } from './load-driver';

export interface LoadRuntimeOptions {
  readonly log?: (line: string) => void;
  /** Wraps or replaces function factories (the benchmark times invocations this way). */
  readonly factories?: Partial<HandlerFactories>;
  /** The business clock (real time by default); the storm test moves it past SLA deadlines. */
  readonly clock?: LocalClock;
  /** A configuration file for RESPONDER_CONFIG (the default configuration otherwise). */
  readonly configFile?: string;
}

/**
 * Starts an in-memory local runtime with a fresh webhook secret and API token. The functions log
 * warnings and errors only and emit no metrics: one process hosts every function here, and a line
 * per mention on one stdout would measure the terminal rather than the product.
 */
export const startLoadRuntime = async (
  options: LoadRuntimeOptions = {},
): Promise<LoadTarget & { stop(): Promise<void> }> => {
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const operatorToken = randomBytes(24).toString('base64url');
  const runtime = await startLocalRuntime({
    inMemory: true,
    env: {
      GENERIC_WEBHOOK_SECRETS: webhookSecret,
      CASES_API_TOKEN: operatorToken,
      ...(options.configFile ? { RESPONDER_CONFIG: options.configFile } : {}),
    },
    log: options.log,
    factories: options.factories,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { runtime, webhookSecret, operatorToken, stop: () => runtime.stop() };
};
