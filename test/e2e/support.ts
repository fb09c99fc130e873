/** Helpers of the end-to-end tests, which drive the local runtime over HTTP. */
import { randomUUID } from 'node:crypto';
import { LocalClock } from '../../infra/local/clock';
import type { BusRule } from '../../infra/local/event-bus';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import type { CaseSummary } from '../../shared/contracts/case';
import { eventually } from '../support/eventually';
import { genericHeaders, TEST_SECRETS } from '../support/signed-webhooks';

/** Headers of a Standard Webhooks delivery of `body` under a message id never used before. */
export const freshGenericHeaders = (
  body: string,
  secret: string = TEST_SECRETS.GENERIC_WEBHOOK_SECRETS,
): Record<string, string> => ({
  'content-type': 'application/json',
  ...genericHeaders(body, { id: `msg_${randomUUID().replaceAll('-', '')}`, secret }),
});

/** The operator token of the runtime under test (the console signs in with it). */
export const API_TOKEN = 'e2e-operator-token';

/** The local runtime one test file drives, and the cases API as an operator calls it. */
export interface RuntimeUnderTest {
  /** The business clock, stopped until a test advances it. */
  readonly clock: LocalClock;
  /** The running runtime; only inside tests, once `beforeAll` has started it. */
  readonly runtime: LocalRuntime;
  /** Calls the cases API with the operator's token; fails the test unless it answers 200. */
  api<T>(path: string, init?: RequestInit): Promise<T>;
  /** POSTs `body` to /webhooks/generic, signed as a Standard Webhooks delivery never sent before. */
  postGeneric(body: string): Promise<Response>;
  /** The unresolved cases of the customer with `handle`, as the case list shows them. */
  casesOf(handle: string): Promise<CaseSummary[]>;
  /** The case of the customer with `handle`, once triage has opened it. */
  caseOf(handle: string): Promise<CaseSummary>;
}

/**
 * Starts the local runtime in memory with the test secrets and a stopped business clock before
 * the file's tests, and stops it after them.
 */
export const useLocalRuntime = (
  options: {
    readonly eventRules?: () => readonly BusRule[];
    /** More variables, read when the runtime starts (after the file's earlier `beforeAll`s). */
    readonly env?: () => Record<string, string>;
  } = {},
): RuntimeUnderTest => {
  const clock = new LocalClock({ rate: 0 });
  let started: LocalRuntime | undefined;
  beforeAll(async () => {
    started = await startLocalRuntime({
      inMemory: true,
      clock,
      env: { ...TEST_SECRETS, CASES_API_TOKEN: API_TOKEN, ...options.env?.() },
      notifyRetryDelaysMs: [50, 100],
      eventRules: options.eventRules?.(),
      // A test that leaves a failing message queued need not wait out the whole drain.
      drainTimeoutMs: 5_000,
    });
  }, 120_000);
  afterAll(async () => {
    await started?.stop();
  }, 30_000);

  const running = (): LocalRuntime => {
    if (!started) throw new Error('the local runtime is not running; use it inside a test');
    return started;
  };

  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${running().url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${API_TOKEN}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const casesOf = async (handle: string) =>
    (await api<{ items: CaseSummary[] }>('/cases')).items.filter(
      (item) => item.author.handle === handle,
    );

  return {
    clock,
    get runtime() {
      return running();
    },
    api,
    casesOf,
    caseOf: async (handle: string) => {
      const [opened] = await eventually(
        () => casesOf(handle),
        (items) => items.length > 0,
      );
      if (!opened) throw new Error(`no case of ${handle}`);
      return opened;
    },
    postGeneric: (body: string): Promise<Response> =>
      fetch(`${running().url}/webhooks/generic`, {
        method: 'POST',
        headers: freshGenericHeaders(body),
        body,
      }),
  };
};
