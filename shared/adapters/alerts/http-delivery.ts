import { setTimeout as sleepFor } from 'node:timers/promises';

/** A notification that did not reach its target. `retryable` says whether trying later may help. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly details: { retryable: boolean; status?: number; attempts: number; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
  }
}

/** How hard the notifier tries before it gives up and lets Lambda's async retries take over. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  /** Backoff before retry n is baseDelayMs × 2^(n-1), with jitter. */
  readonly baseDelayMs: number;
  /** No single wait is longer; a Retry-After beyond it ends the attempts at once. */
  readonly maxDelayMs: number;
  /** Each request is abandoned after this long. */
  readonly timeoutMs: number;
}

/** Fits in the notifier's 30 s timeout: at most 4 × 5 s requests plus 0.5 + 1 + 2 s of waiting. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 5_000,
  timeoutMs: 5_000,
};

/** Waits between attempts; replaceable so tests can see the delays without waiting for them. */
export type Sleep = (ms: number) => Promise<unknown>;

/** Retry-After in ms, from seconds or an HTTP date; undefined when absent or unreadable. */
export const retryAfterMs = (header: string | null, now = Date.now()): number | undefined => {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};

const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;

/**
 * POSTs a JSON body and retries what may pass later: 429 (after its Retry-After when given) and
 * 5xx, and network failures and timeouts, with exponential backoff. Other 4xx fail at once: the
 * request itself is wrong and sending it again cannot help. Throws DeliveryError when it gives up.
 * `describe` names the target in errors without exposing its URL (webhook URLs are secrets).
 */
export const postJson = async (input: {
  url: string;
  body: unknown;
  headers?: (attempt: number, body: string) => Record<string, string>;
  describe: string;
  policy?: RetryPolicy;
  sleep?: Sleep;
}): Promise<Response> => {
  const policy = input.policy ?? DEFAULT_RETRY_POLICY;
  const sleep = input.sleep ?? sleepFor;
  const body = JSON.stringify(input.body);
  let lastFailure = '';
  let lastError: unknown;
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    let waitMs: number | undefined;
    try {
      const response = await fetch(input.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...input.headers?.(attempt, body) },
        body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      if (response.ok) return response;
      const text = (await response.text().catch(() => '')).slice(0, 300);
      lastStatus = response.status;
      lastFailure = `HTTP ${response.status}${text ? `: ${text}` : ''}`;
      if (!isRetryableStatus(response.status)) {
        throw new DeliveryError(`${input.describe} refused the notification (${lastFailure})`, {
          retryable: false,
          status: response.status,
          attempts: attempt,
        });
      }
      waitMs = retryAfterMs(response.headers.get('retry-after'));
      if (waitMs !== undefined && waitMs > policy.maxDelayMs) {
        throw new DeliveryError(
          `${input.describe} asked to wait ${Math.ceil(waitMs / 1000)} s before retrying (${lastFailure})`,
          { retryable: true, status: response.status, attempts: attempt },
        );
      }
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      lastError = error;
      lastStatus = undefined;
      lastFailure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    if (attempt < policy.maxAttempts) {
      const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
      await sleep(Math.min(policy.maxDelayMs, waitMs ?? backoff * (0.5 + Math.random() / 2)));
    }
  }
  throw new DeliveryError(
    `${input.describe} failed after ${policy.maxAttempts} attempts (${lastFailure})`,
    { retryable: true, status: lastStatus, attempts: policy.maxAttempts, cause: lastError },
  );
};
