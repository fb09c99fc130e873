import * as z from 'zod';
import type { SecretSource } from '../contracts/secrets';
import { zodIssueLines } from '../contracts/zod-issues';
import type { ResponderConfig } from '../domain/config/responder-config';
import type { Clock } from '../use-cases/ports/clock';

/** The environment every function reads: names of the resources it talks to. */
export const RuntimeEnv = z.object({
  TABLE_NAME: z.string().min(1),
  MENTION_QUEUE_URL: z.string().min(1),
  EVENT_BUS_NAME: z.string().min(1),
  /** Where notifications that still fail after retries are kept. */
  NOTIFY_DLQ_URL: z.string().optional(),
  /** The replies queue (reply routes and the reply sender); without it replies answer 503. */
  REPLY_QUEUE_URL: z.string().min(1).optional(),
  /** Platform API base URLs; the real APIs unless a stand-in is named (tests, local runs). */
  X_API_BASE_URL: z.string().url().optional(),
  META_GRAPH_BASE_URL: z.string().url().optional(),
  TRUSTPILOT_API_BASE_URL: z.string().url().optional(),
  AWS_REGION: z.string().default('us-east-1'),
});
export type RuntimeEnv = z.infer<typeof RuntimeEnv>;

/** Everything a function's composition root needs; built once per process (AWS) or per runtime (local). */
export interface RuntimeContext {
  readonly env: RuntimeEnv;
  readonly config: ResponderConfig;
  readonly clock: Clock;
  readonly secrets: SecretSource;
}

/**
 * Alerts link to the operator console at `consoleUrl` (`<console>/cases/<id>`) unless the
 * configuration names a public URL of its own (a custom domain in front of it).
 */
export const withConsoleLinks = (
  config: ResponderConfig,
  consoleUrl: string | undefined,
): ResponderConfig =>
  !consoleUrl || config.publicUrl ? config : { ...config, publicUrl: consoleUrl };

export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/** Validates the environment; the error names the missing or bad variables. */
export const parseRuntimeEnv = (env: Record<string, string | undefined>): RuntimeEnv => {
  const result = RuntimeEnv.safeParse(env);
  if (result.success) return result.data;
  const names = zodIssueLines(result.error);
  throw new EnvironmentError(`environment is invalid: ${names.join('; ')}`, {
    cause: result.error,
  });
};

/**
 * Wraps a handler factory so the handler is built on first use and then reused: clients live for
 * the life of the execution environment, and importing the module has no side effects. Lambda's
 * context goes through to the handler.
 */
export const lazyHandler = <E, R, C>(
  build: () => (event: E, context?: C) => Promise<R>,
): ((event: E, context?: C) => Promise<R>) => {
  let built: ((event: E, context?: C) => Promise<R>) | undefined;
  return (event, context) => {
    built ??= build();
    return built(event, context);
  };
};
