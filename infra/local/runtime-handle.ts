import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { LocalRuntime } from './runtime';

/**
 * Where a running `npm start` tells other local tools (npm run demo) how to reach it: its URL,
 * clock rate, the webhook secret and the API token. Removed when the runtime stops.
 */
export const RUNTIME_HANDLE_FILE = resolve('.data', 'local-runtime.json');

export const RuntimeHandle = z.object({
  url: z.string().url(),
  clockRate: z.number().nonnegative(),
  webhookSecrets: z.string().min(1),
  operatorToken: z.string().min(1),
});
export type RuntimeHandle = z.infer<typeof RuntimeHandle>;

export const writeRuntimeHandle = (runtime: LocalRuntime): void => {
  const handle: RuntimeHandle = {
    url: runtime.url,
    clockRate: runtime.clock.rate,
    webhookSecrets: runtime.settings.secrets.GENERIC_WEBHOOK_SECRETS ?? '',
    operatorToken: runtime.settings.secrets.CASES_API_TOKEN ?? '',
  };
  mkdirSync(dirname(RUNTIME_HANDLE_FILE), { recursive: true });
  writeFileSync(RUNTIME_HANDLE_FILE, `${JSON.stringify(handle, null, 2)}\n`, { mode: 0o600 });
};

/** The handle of a running runtime, or undefined when none left one. */
export const readRuntimeHandle = (): RuntimeHandle | undefined => {
  if (!existsSync(RUNTIME_HANDLE_FILE)) return undefined;
  const parsed = RuntimeHandle.safeParse(JSON.parse(readFileSync(RUNTIME_HANDLE_FILE, 'utf8')));
  return parsed.success ? parsed.data : undefined;
};
