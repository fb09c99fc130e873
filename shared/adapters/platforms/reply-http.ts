/**
 * One HTTP call to a platform that may post a reply, and what its failure means for sending it
 * again: a connection that was never made posted nothing; a timeout or a dropped connection may
 * have posted it, so its outcome is unknown.
 */
import type { ReplyProblem } from '../../contracts/reply';
import type { SendOutcome } from '../../use-cases/ports/replies';

/** How long a platform call may take before its outcome is treated as unknown. */
export const PLATFORM_TIMEOUT_MS = 10_000;

export interface PlatformAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The body as JSON, or undefined when it is empty or not JSON. */
  readonly json: unknown;
}

/** Network errors raised before the request left this machine: nothing can have been posted. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** A property of a thrown value; fetch's errors may come from another realm than `Error`'s. */
const property = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;

const errorCode = (error: unknown): string | undefined => {
  const code = property(property(error, 'cause'), 'code');
  return code === undefined ? undefined : String(code);
};

/**
 * POSTs a JSON body. Returns the answer (any status), or the outcome of a call that got none:
 * `refused` (with a retry a minute later) when the connection was never made, `unknown` otherwise.
 */
export const postToPlatform = async (input: {
  readonly platform: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly now: () => Date;
  readonly timeoutMs?: number;
}): Promise<PlatformAnswer | SendOutcome> => {
  let response: Response;
  try {
    response = await fetch(input.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...input.headers },
      body: input.body,
      signal: AbortSignal.timeout(input.timeoutMs ?? PLATFORM_TIMEOUT_MS),
    });
  } catch (error) {
    const code = errorCode(error);
    if (code !== undefined && NOT_CONNECTED.has(code)) {
      return refusedFor({
        code: 'unreachable',
        message: `${input.platform} could not be reached (${code}); nothing was posted, it is tried again in a minute.`,
        retryAt: new Date(input.now().getTime() + 60_000).toISOString(),
      });
    }
    const timedOut = property(error, 'name') === 'TimeoutError';
    return {
      kind: 'unknown',
      problem: {
        code: timedOut ? 'timeout' : 'no_answer',
        message: `${input.platform} did not answer${timedOut ? ` within ${Math.round((input.timeoutMs ?? PLATFORM_TIMEOUT_MS) / 1000)} s` : ` (${code ?? String(property(error, 'message') ?? error)})`}, so the reply may or may not be posted. It will not be sent again automatically; it is marked sent when ${input.platform} reports it. Check ${input.platform} before sending it again.`,
      },
    };
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json };
};

export const isAnswer = (value: PlatformAnswer | SendOutcome): value is PlatformAnswer =>
  'status' in value;

export const refusedFor = (problem: ReplyProblem): SendOutcome => ({ kind: 'refused', problem });

/** A server error: the platform may have posted the reply before failing. */
export const serverErrorOutcome = (
  platform: string,
  status: number,
  detail: string,
): SendOutcome => ({
  kind: 'unknown',
  problem: {
    code: 'platform_error',
    message: `${platform} answered ${status}${detail ? ` (${detail})` : ''}, so the reply may or may not be posted. It will not be sent again automatically; it is marked sent when ${platform} reports it.`,
  },
});

/** A retry time from Retry-After (seconds or an HTTP date), else `fallbackMs` from now. */
export const retryAfter = (headers: Headers, now: Date, fallbackMs: number): string => {
  const header = headers.get('retry-after')?.trim();
  if (header && /^\d+$/.test(header))
    return new Date(now.getTime() + Number(header) * 1000).toISOString();
  const date = header ? Date.parse(header) : Number.NaN;
  return new Date(Number.isNaN(date) ? now.getTime() + fallbackMs : date).toISOString();
};

/** A string field of a JSON object, if present. */
export const field = (value: unknown, ...path: string[]): string | undefined => {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' || typeof current === 'number' ? String(current) : undefined;
};
