import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { decodePathSegment } from '../../shared/adapters/http/path-segment';
import type { FunctionName, RouteSpec } from '../topology';
import { apiPathOf, type ConsoleAssets } from './console-assets';
import { LOCAL_ACCOUNT_ID } from './ports';

export type HttpFunction = (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** What GET /health reports: each part of the runtime and whether it answers. */
export type HealthCheck = () => Promise<Record<string, boolean>>;

export interface HttpGatewayOptions {
  readonly routes: readonly RouteSpec[];
  readonly functions: Readonly<Partial<Record<FunctionName, HttpFunction>>>;
  /** The bearer token that stands in for the JWT authorizer on `user` routes. */
  readonly operatorToken: string;
  readonly health: HealthCheck;
  /** Port to listen on; a free one when omitted. */
  readonly port?: number;
  readonly host?: string;
  /** The operator console served beside the API (its pages, and the API again under /api). */
  readonly console?: ConsoleAssets;
  /** Called with every answered request, e.g. to print an access log. */
  readonly onResponse?: (entry: { routeKey: string; status: number; ms: number }) => void;
  /** Called when a function throws (the caller gets API Gateway's 500). */
  readonly onError?: (error: unknown, routeKey: string) => void;
  /** How long an answer given before the request body ended keeps draining it; see LINGER. */
  readonly linger?: Linger;
}

/**
 * An answer given before the request body ended (413, 401, 404…) goes out with `Connection:
 * close`, then the rest of the body is read and dropped so the client, still sending, reads the
 * answer instead of a connection reset; but only for so long: `totalMs` in all, or until nothing
 * arrives for `idleMs` (nginx's lingering_time and lingering_timeout, 30 s and 5 s).
 */
export interface Linger {
  readonly totalMs: number;
  readonly idleMs: number;
}
export const LINGER: Linger = { totalMs: 30_000, idleMs: 5_000 };

export interface HttpGateway {
  readonly url: string;
  readonly port: number;
  /**
   * From now on every route of the function answers 503 (a stopping runtime takes no more
   * intake); resolves once the function's invocations in progress have returned.
   */
  refuse(name: FunctionName): Promise<void>;
  stop(): Promise<void>;
}

/** API Gateway's own limit on a request payload. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** The claims the local gateway fills in for an authenticated operator. */
export const LOCAL_OPERATOR_CLAIMS = { sub: 'local-operator' } as const;

interface CompiledRoute {
  readonly spec: RouteSpec;
  readonly routeKey: string;
  readonly regex: RegExp;
  readonly parameterNames: readonly string[];
}

const compileRoute = (spec: RouteSpec): CompiledRoute => {
  const parameterNames: string[] = [];
  const source = spec.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
      if (!parameter?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(parameter[1]);
      return '([^/]+)';
    })
    .join('/');
  return {
    spec,
    routeKey: `${spec.method} ${spec.path}`,
    regex: new RegExp(`^${source}$`),
    parameterNames,
  };
};

/** API Gateway's `requestContext.time` format, e.g. `12/Mar/2020:19:03:58 +0000`. */
const requestTime = (date: Date): string => {
  const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(
    date.getUTCHours(),
  )}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
};

/** Headers as API Gateway v2 passes them: lower-case names, repeated values joined by commas. */
const eventHeaders = (request: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index]?.toLowerCase();
    const value = request.rawHeaders[index + 1] ?? '';
    if (!name || name === 'cookie') continue;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return headers;
};

const queryParameters = (rawQueryString: string): Record<string, string> | undefined => {
  if (!rawQueryString) return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = parameters[name] === undefined ? value : `${parameters[name]},${value}`;
  }
  return parameters;
};

const decodeBody = (bytes: Buffer): { body?: string; isBase64Encoded: boolean } => {
  if (bytes.length === 0) return { isBase64Encoded: false };
  try {
    return {
      // ignoreBOM keeps a leading byte order mark: the body passed on is every byte that was
      // signed, as API Gateway passes it.
      body: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes),
      isBase64Encoded: false,
    };
  } catch {
    return { body: bytes.toString('base64'), isBase64Encoded: true };
  }
};

class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
}

/** A body whose declared length is over the limit is refused before a byte of it is read. */
const declaredTooLarge = (request: IncomingMessage): boolean =>
  Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES;

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // The rest is left to lingerAndEnd, which drains it for a bounded time.
        request.off('data', onData);
        request.pause();
        reject(new PayloadTooLargeError(`request body exceeds ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });

const sameSecret = (given: string, expected: string): boolean => {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
};

const headersOf = (
  result: APIGatewayProxyStructuredResultV2,
): Record<string, string | string[]> => {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  return headers;
};

const bodyOf = (result: APIGatewayProxyStructuredResultV2): Buffer =>
  Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');

const writeResult = (response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void => {
  response.writeHead(result.statusCode ?? 200, headersOf(result));
  response.end(bodyOf(result));
};

/**
 * Writes a whole answer while the request body is still arriving, drains the body within the
 * linger bounds, and only then ends the response, which closes the connection: closing it with
 * unread bytes makes the client's kernel see a reset, often before the answer is read.
 */
const lingerAndEnd = (
  request: IncomingMessage,
  response: ServerResponse,
  result: APIGatewayProxyStructuredResultV2,
  linger: Linger,
): void => {
  const body = bodyOf(result);
  response.writeHead(result.statusCode ?? 200, {
    ...headersOf(result),
    'content-length': String(body.length),
    connection: 'close',
  });
  response.write(body);
  let idle: NodeJS.Timeout | undefined;
  const end = () => {
    clearTimeout(total);
    clearTimeout(idle);
    request.off('data', onData);
    if (!response.writableEnded) response.end();
  };
  const total = setTimeout(end, linger.totalMs);
  const onData = () => {
    clearTimeout(idle);
    idle = setTimeout(end, linger.idleMs);
  };
  onData();
  request.on('data', onData);
  request.once('end', end);
  request.once('close', end);
  request.resume();
};

const gatewayMessage = (status: number, message: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message }),
});

const PAYLOAD_TOO_LARGE = gatewayMessage(413, 'Request Entity Too Large');

/**
 * Stands in for the API Gateway HTTP API: routes from infra/topology.ts, requests turned into
 * payload-format 2.0 events, `user` routes guarded by a bearer token in place of the JWT authorizer.
 */
export const startHttpGateway = async (options: HttpGatewayOptions): Promise<HttpGateway> => {
  const routes = options.routes.map(compileRoute);
  const refused = new Set<FunctionName>();
  const running = new Map<FunctionName, Set<Promise<unknown>>>();
  /** Invokes a function, keeping count of its invocations in progress. */
  const invoke = (name: FunctionName, fn: HttpFunction, event: APIGatewayProxyEventV2) => {
    const invocation = fn(event);
    const inProgress = running.get(name) ?? new Set();
    running.set(name, inProgress);
    inProgress.add(invocation);
    return invocation.finally(() => inProgress.delete(invocation));
  };
  const host = options.host ?? '127.0.0.1';

  const buildEvent = (
    request: IncomingMessage,
    route: CompiledRoute,
    pathParameters: Record<string, string> | undefined,
    bytes: Buffer,
  ): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer => {
    const [rawPath = '/', rawQueryString = ''] = (request.url ?? '/').split(/\?(.*)/s);
    const headers = eventHeaders(request);
    const cookieHeader = request.headers.cookie;
    const now = new Date();
    const domainName = headers.host ?? host;
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath,
      rawQueryString,
      cookies: cookieHeader ? cookieHeader.split(/;\s*/).filter(Boolean) : undefined,
      headers,
      queryStringParameters: queryParameters(rawQueryString),
      pathParameters,
      requestContext: {
        accountId: LOCAL_ACCOUNT_ID,
        apiId: 'local',
        domainName,
        domainPrefix: domainName.split('.')[0] ?? domainName,
        http: {
          method: request.method ?? 'GET',
          path: rawPath,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: route.routeKey,
        stage: '$default',
        time: requestTime(now),
        timeEpoch: now.getTime(),
      },
      ...decodeBody(bytes),
    };
    if (route.spec.auth !== 'user') return event;
    return {
      ...event,
      requestContext: {
        ...event.requestContext,
        authorizer: {
          principalId: '',
          integrationLatency: 0,
          jwt: { claims: { ...LOCAL_OPERATOR_CLAIMS }, scopes: [] },
        },
      },
    };
  };

  const isOperator = (request: IncomingMessage): boolean => {
    const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
    return match?.[1] !== undefined && sameSecret(match[1].trim(), options.operatorToken);
  };

  const answer = async (
    request: IncomingMessage,
  ): Promise<[string, APIGatewayProxyStructuredResultV2]> => {
    const method = request.method ?? 'GET';
    let path = (request.url ?? '/').split('?')[0] ?? '/';
    if (options.console) {
      const page = options.console.answer(method, path, request.headers);
      if (page) return [`${method} ${path}`, page];
      // The console calls the API on its own origin under /api, as CloudFront routes it in AWS.
      const apiPath = apiPathOf(path);
      if (apiPath !== undefined) {
        request.url = `${apiPath}${(request.url ?? '').slice(path.length)}`;
        path = apiPath;
      }
    }
    if (method === 'GET' && path === '/health') {
      const parts = await options.health().catch(() => ({ health: false }));
      const up = Object.values(parts).every(Boolean);
      return [
        'GET /health',
        {
          statusCode: up ? 200 : 503,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ status: up ? 'ok' : 'unavailable', parts }),
        },
      ];
    }
    for (const route of routes) {
      if (route.spec.method !== method) continue;
      const match = route.regex.exec(path);
      if (!match) continue;
      if (route.spec.auth === 'user' && !isOperator(request)) {
        return [route.routeKey, gatewayMessage(401, 'Unauthorized')];
      }
      const fn = options.functions[route.spec.function];
      if (!fn)
        return [
          route.routeKey,
          gatewayMessage(503, `function ${route.spec.function} is not running`),
        ];
      let bytes: Buffer;
      try {
        bytes = await readBody(request);
      } catch (error) {
        if (error instanceof PayloadTooLargeError) return [route.routeKey, PAYLOAD_TOO_LARGE];
        throw error;
      }
      const decoded = route.parameterNames.map((name, index) => [
        name,
        decodePathSegment(match[index + 1] ?? ''),
      ]);
      // API Gateway refuses a path it cannot decode before any integration runs.
      if (decoded.some(([, value]) => value === undefined)) {
        return [route.routeKey, gatewayMessage(400, 'Bad Request')];
      }
      const pathParameters = decoded.length ? Object.fromEntries(decoded) : undefined;
      // Checked last, so nothing refused gets in while a stop waits for the invocations in progress.
      if (refused.has(route.spec.function)) {
        return [
          route.routeKey,
          {
            ...gatewayMessage(503, 'Service Unavailable'),
            headers: { 'content-type': 'application/json', 'retry-after': '30' },
          },
        ];
      }
      try {
        const event = buildEvent(request, route, pathParameters, bytes);
        return [route.routeKey, await invoke(route.spec.function, fn, event)];
      } catch (error) {
        options.onError?.(error, route.routeKey);
        return [route.routeKey, gatewayMessage(500, 'Internal Server Error')];
      }
    }
    return [`${method} ${path}`, gatewayMessage(404, 'Not Found')];
  };

  const linger = options.linger ?? LINGER;
  const respond = (
    request: IncomingMessage,
    response: ServerResponse,
    routeKey: string,
    result: APIGatewayProxyStructuredResultV2,
    started: number,
  ): void => {
    if (request.complete) writeResult(response, result);
    else lingerAndEnd(request, response, result, linger);
    options.onResponse?.({ routeKey, status: result.statusCode ?? 200, ms: Date.now() - started });
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const started = Date.now();
    const requestKey = `${request.method} ${(request.url ?? '/').split('?')[0]}`;
    if (declaredTooLarge(request)) {
      respond(request, response, requestKey, PAYLOAD_TOO_LARGE, started);
      return;
    }
    answer(request)
      .then(([routeKey, result]) => respond(request, response, routeKey, result, started))
      .catch((error: unknown) => {
        options.onError?.(error, requestKey);
        if (response.headersSent) return;
        respond(
          request,
          response,
          requestKey,
          gatewayMessage(500, 'Internal Server Error'),
          started,
        );
      });
  };

  const server: Server = createServer(handle);
  // A client that waits for 100 Continue sends no byte of a body declared too large.
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if (!declaredTooLarge(request)) response.writeContinue();
    handle(request, response);
  });
  // Node closes an idle keep-alive socket after 5 s, fetch (undici) after 4 s: on a loaded machine
  // both timers fire together and a request written to the closing socket fails with ECONNRESET.
  // Keeping idle sockets longer than any client does leaves the close to the client, as it is in AWS.
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    refuse: async (name) => {
      refused.add(name);
      await Promise.allSettled(running.get(name) ?? []);
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
