/**
 * A loopback HTTP proxy in front of an emulator that injects faults into chosen AWS calls: the
 * handler under test keeps its real SDK client and reaches the real emulator through the proxy
 * (point AWS_ENDPOINT_URL_* at `endpoint`); only the calls a fault rule answers are changed.
 */
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A changed request body to forward, or an answer given instead of the emulator's. */
export type Fault =
  | {
      readonly forward: Record<string, unknown>;
      readonly amend?: (answer: Record<string, unknown>) => Record<string, unknown>;
    }
  | { readonly status: number; readonly body: Record<string, unknown> };

/** Decides, per call, whether to inject a fault; undefined passes the call through. */
export type FaultRule = (operation: string, body: Record<string, unknown>) => Fault | undefined;

export interface FaultProxy {
  readonly endpoint: string;
  /** Calls seen, by operation (e.g. `TransactWriteItems`). */
  readonly calls: Record<string, number>;
  /** Faults injected, by operation. */
  readonly injected: Record<string, number>;
  stop(): Promise<void>;
}

interface Forwarded {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

const forward = (
  target: URL,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<Forwarded> =>
  new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers: { ...headers, host: target.host, 'content-length': String(body.length) },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          resolve({
            status: answer.statusCode ?? 502,
            headers: answer.headers,
            body: Buffer.concat(chunks),
          }),
        );
        answer.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });

/** Starts a proxy to `targetEndpoint` that applies `rule` to every JSON-protocol call. */
export const startFaultProxy = async (
  targetEndpoint: string,
  rule: FaultRule,
): Promise<FaultProxy> => {
  const target = new URL(targetEndpoint);
  const calls: Record<string, number> = {};
  const injected: Record<string, number> = {};
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      try {
        const raw = Buffer.concat(chunks);
        const amzTarget = String(incoming.headers['x-amz-target'] ?? '');
        const operation = amzTarget.slice(amzTarget.lastIndexOf('.') + 1);
        calls[operation] = (calls[operation] ?? 0) + 1;
        const body = raw.length
          ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>)
          : {};
        const fault = operation ? rule(operation, body) : undefined;
        if (fault) injected[operation] = (injected[operation] ?? 0) + 1;
        if (fault && 'status' in fault) {
          outgoing.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.0' });
          outgoing.end(JSON.stringify(fault.body));
          return;
        }
        const sent = fault ? Buffer.from(JSON.stringify(fault.forward)) : raw;
        const answer = await forward(
          target,
          incoming.method ?? 'POST',
          incoming.url ?? '/',
          incoming.headers,
          sent,
        );
        let answerBody = answer.body;
        if (fault?.amend && answer.status < 300) {
          answerBody = Buffer.from(
            JSON.stringify(fault.amend(JSON.parse(answer.body.toString('utf8')))),
          );
        }
        const {
          'content-length': _length,
          'transfer-encoding': _encoding,
          ...headers
        } = answer.headers;
        outgoing.writeHead(answer.status, {
          ...headers,
          'content-length': String(answerBody.length),
        });
        outgoing.end(answerBody);
      } catch (error) {
        outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    injected,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** The error body DynamoDB answers with, in its JSON protocol. */
export const dynamoDbError = (
  type: string,
  message: string,
  extra: Record<string, unknown> = {},
) => ({
  __type: `com.amazonaws.dynamodb.v20120810#${type}`,
  message,
  ...extra,
});
