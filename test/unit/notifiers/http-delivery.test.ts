import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DeliveryError,
  postJson,
  type RetryPolicy,
  retryAfterMs,
} from '../../../shared/adapters/alerts/http-delivery';

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A loopback server that answers with the scripted replies in turn and records each request. */
const scriptedServer = async (replies: Reply[]) => {
  const requests: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)] ?? { status: 200 };
    response.writeHead(reply.status, reply.headers ?? { 'content-type': 'text/plain' });
    response.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const policy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  timeoutMs: 2_000,
};

describe('postJson', () => {
  let server: Awaited<ReturnType<typeof scriptedServer>> | undefined;
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };

  afterEach(async () => {
    await server?.close();
    server = undefined;
    waits.length = 0;
  });

  const post = (url: string) =>
    postJson({ url, body: { text: 'alert' }, describe: 'test target', policy, sleep });

  it('delivers on the first attempt when the target answers 2xx', async () => {
    server = await scriptedServer([{ status: 200, body: 'ok' }]);
    const response = await post(server.url);
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ text: 'alert' });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('waits as long as Retry-After says after a 429, then delivers', async () => {
    server = await scriptedServer([
      { status: 429, headers: { 'retry-after': '2' }, body: 'rate_limited' },
      { status: 200, body: 'ok' },
    ]);
    await post(server.url);
    expect(server.requests).toHaveLength(2);
    expect(waits).toEqual([2_000]);
  });

  it('retries 5xx with growing backoff and succeeds when the target recovers', async () => {
    server = await scriptedServer([{ status: 500 }, { status: 503 }, { status: 202 }]);
    await post(server.url);
    expect(server.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
    // Jittered between half and all of 100 ms, then of 200 ms.
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
  });

  it('does not retry other 4xx and says the target refused', async () => {
    server = await scriptedServer([{ status: 400, body: 'invalid_payload' }]);
    const error = await post(server.url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).message).toBe(
      'test target refused the notification (HTTP 400: invalid_payload)',
    );
    expect((error as DeliveryError).details).toMatchObject({ retryable: false, status: 400 });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after the last attempt with a retryable DeliveryError', async () => {
    server = await scriptedServer([{ status: 500, body: 'boom' }]);
    await expect(post(server.url)).rejects.toThrow(
      'test target failed after 4 attempts (HTTP 500: boom)',
    );
    expect(server.requests).toHaveLength(4);
  });

  it('stops at once when Retry-After asks for longer than it may wait', async () => {
    server = await scriptedServer([{ status: 429, headers: { 'retry-after': '120' } }]);
    const error = (await post(server.url).catch((caught: unknown) => caught)) as DeliveryError;
    expect(error.message).toMatch(/asked to wait 120 s/);
    expect(error.details.retryable).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('retries when the target cannot be reached', async () => {
    server = await scriptedServer([]);
    const { url } = server;
    await server.close();
    server = undefined;
    const error = (await post(url).catch((caught: unknown) => caught)) as DeliveryError;
    expect(error.message).toMatch(/failed after 4 attempts \(TypeError: fetch failed\)/);
    expect(waits).toHaveLength(3);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-05-04T09:00:00Z');
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Mon, 04 May 2026 09:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
