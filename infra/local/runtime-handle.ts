import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { LocalRuntime } from './runtime';

/**
 * Where a running `npm start` tells other local tools (`npx responder`, `npm run demo`) how to
 * reach it: its URL, clock rate, the webhook secret, the API token and the SQS endpoint. Removed
 * when the runtime stops.
 */
export const RUNTIME_HANDLE_FILE = resolve('.data', 'local-runtime.json');

export const RuntimeHandle = z.object({
  url: z.string().url(),
  /** The process serving it: a handle whose process is gone is stale (a crash, a kill -9). */
  pid: z.number().int().positive(),
  clockRate: z.number().nonnegative(),
  webhookSecrets: z.string().min(1),
  operatorToken: z.string().min(1),
  sqsEndpoint: z.string().url(),
});
export type RuntimeHandle = z.infer<typeof RuntimeHandle>;

export const writeRuntimeHandle = (runtime: LocalRuntime, file = RUNTIME_HANDLE_FILE): void => {
  const handle: RuntimeHandle = {
    url: runtime.url,
    pid: process.pid,
    clockRate: runtime.clock.rate,
    webhookSecrets: runtime.settings.secrets.GENERIC_WEBHOOK_SECRETS ?? '',
    operatorToken: runtime.settings.secrets.CASES_API_TOKEN ?? '',
    sqsEndpoint: runtime.endpoints.sqs,
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(handle, null, 2)}\n`, { mode: 0o600 });
};

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The handle of a running runtime, or undefined when none left one (or its process is gone). */
export const readRuntimeHandle = (file = RUNTIME_HANDLE_FILE): RuntimeHandle | undefined => {
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = RuntimeHandle.safeParse(raw);
  return parsed.success && isRunning(parsed.data.pid) ? parsed.data : undefined;
};
