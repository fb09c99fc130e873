/**
 * Loopback stand-ins for the platforms' reply APIs, written from their public references (not from
 * the product's clients): each checks the request — method, path, body, auth header,
 * `appsecret_proof`, Standard Webhooks signature — answers as the platform documents, and can be
 * told to answer the next request with a fault: 429, an expired token, a closed window, a 5xx,
 * or no answer at all.
 *
 *   const x = await startXStandIn(X_TEST_CREDENTIALS);
 *   x.failNext(x.faults.rateLimited(resetEpochSeconds));
 *   … x.requests[0].body, x.problems (what the stand-in found wrong, [] when all was right)
 *   await x.stop();
 *
 * References: X API v2 `POST /2/tweets` and `POST /2/dm_conversations/with/{participant_id}/messages`
 * (201 with `data`), X rate limits (`x-rate-limit-reset` epoch seconds), OAuth 1.0a (RFC 5849
 * §3.4.1 signature base string, HMAC-SHA1); Graph API comments, Instagram comment replies,
 * Send API and private replies, Graph error codes (190 token, 4/17/32/613/80001 throttling,
 * 10/2018278 outside the window, 100/33 missing object), `appsecret_proof`; Trustpilot
 * `POST /v1/private/reviews/{reviewId}/reply` (201); Standard Webhooks signatures.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  createServer as createH2cServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly rawBody: string;
  readonly body: unknown;
}

/** An answer to give: status, headers and JSON body, or `hang` (never answer). */
export type StandInAnswer =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: unknown }
  | 'hang';

export interface StandIn {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** What the stand-in found wrong with requests (an empty list when every request was right). */
  readonly problems: string[];
  /** The next request gets this answer instead of the documented success. */
  failNext(answer: StandInAnswer): void;
  stop(): Promise<void>;
}

const readBody = (request: IncomingMessage | Http2ServerRequest): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

/**
 * A loopback server that checks each request and answers queued faults first, then `success`.
 * `h2c` serves HTTP/2 without TLS (prior knowledge), for SDK clients that speak only HTTP/2.
 */
export const startStandIn = async (
  check: (request: RecordedRequest, baseUrl: string) => string[],
  success: (request: RecordedRequest) => StandInAnswer,
  rejection: (problems: string[]) => StandInAnswer,
  protocol: 'http/1.1' | 'h2c' = 'http/1.1',
): Promise<StandIn> => {
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const faults: StandInAnswer[] = [];
  const hanging: Array<ServerResponse | Http2ServerResponse> = [];
  const sessions = new Set<Http2Session>();
  let baseUrl = '';
  const serve = async (
    incoming: IncomingMessage | Http2ServerRequest,
    response: ServerResponse | Http2ServerResponse,
  ) => {
    const rawBody = await readBody(incoming);
    const parsedUrl = new URL(incoming.url ?? '/', baseUrl);
    let body: unknown;
    try {
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      body = rawBody;
    }
    const recorded: RecordedRequest = {
      method: incoming.method ?? '',
      path: parsedUrl.pathname,
      query: parsedUrl.searchParams,
      headers: incoming.headers,
      rawBody,
      body,
    };
    requests.push(recorded);
    const found = check(recorded, baseUrl);
    problems.push(...found);
    const answer = found.length > 0 ? rejection(found) : (faults.shift() ?? success(recorded));
    if (answer === 'hang') {
      hanging.push(response);
      return;
    }
    response.writeHead(answer.status, {
      ...(answer.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...answer.headers,
    });
    if (answer.body === undefined) response.end();
    else response.end(JSON.stringify(answer.body));
  };
  const server = protocol === 'h2c' ? createH2cServer(serve) : createServer(serve);
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    requests,
    problems,
    failNext: (answer) => faults.push(answer),
    stop: async () => {
      for (const response of hanging) {
        if ('stream' in response) response.stream.destroy();
        else response.destroy();
      }
      for (const session of sessions) session.destroy();
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

const newId = (): string => String(BigInt(`0x${randomBytes(7).toString('hex')}`));

// ---------------------------------------------------------------- X

export interface XAppCredentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}

/** RFC 5849 §3.6 percent-encoding. */
const rfc3986 = (value: string): string =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** Parses `Authorization: OAuth k="v", …` (RFC 5849 §3.5.1). */
const oauthParams = (header: string | undefined): Map<string, string> | undefined => {
  if (!header?.startsWith('OAuth ')) return undefined;
  const params = new Map<string, string>();
  for (const match of header.slice(6).matchAll(/([\w%-]+)="([^"]*)"/g)) {
    params.set(decodeURIComponent(match[1] ?? ''), decodeURIComponent(match[2] ?? ''));
  }
  return params;
};

/** The HMAC-SHA1 signature of a request whose body is not form-encoded (RFC 5849 §3.4.1). */
export const rfc5849Signature = (input: {
  method: string;
  baseUrl: string;
  params: [string, string][];
  consumerSecret: string;
  tokenSecret: string;
}): string => {
  const normalized = input.params
    .map(([key, value]) => [rfc3986(key), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const base = [input.method.toUpperCase(), rfc3986(input.baseUrl), rfc3986(normalized)].join('&');
  const key = `${rfc3986(input.consumerSecret)}&${rfc3986(input.tokenSecret)}`;
  return createHmac('sha1', key).update(base).digest('base64');
};

const xProblem = (status: number, title: string, detail: string) => ({
  status,
  body: { title, detail, type: 'about:blank', status },
});

/** The X account of the fixtures' brand (acme-air), whose token the X stand-in accepts. */
export const ACME_X_ACCOUNT = '1452339950';
export const ACME_X_CREDENTIALS: XAppCredentials = {
  consumerKey: 'ck-acme',
  consumerSecret: 'cs-acme-app-secret',
  accessToken: `${ACME_X_ACCOUNT}-acmetoken`,
  accessTokenSecret: 'acme-token-secret',
};
/** The secrets that let the reply sender post as acme-air on X. */
export const ACME_X_REPLY_SECRETS = {
  X_CONSUMER_SECRET: ACME_X_CREDENTIALS.consumerSecret,
  REPLY_CREDENTIALS: JSON.stringify({
    'acme-air': {
      X_CONSUMER_KEY: ACME_X_CREDENTIALS.consumerKey,
      X_ACCESS_TOKEN: ACME_X_CREDENTIALS.accessToken,
      X_ACCESS_TOKEN_SECRET: ACME_X_CREDENTIALS.accessTokenSecret,
    },
  }),
};

export const startXStandIn = async (credentials: XAppCredentials) => {
  const standIn = await startStandIn(
    (request, baseUrl) => {
      const problems: string[] = [];
      if (request.method !== 'POST') problems.push(`method ${request.method}`);
      const isTweet = request.path === '/2/tweets';
      const isDm = /^\/2\/dm_conversations\/with\/[^/]+\/messages$/.test(request.path);
      if (!isTweet && !isDm) problems.push(`no endpoint ${request.path}`);
      if (request.headers['content-type'] !== 'application/json')
        problems.push('content-type is not application/json');
      const body = request.body as
        | { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } }
        | undefined;
      if (typeof body?.text !== 'string' || body.text.length === 0)
        problems.push('body.text missing');
      if (
        isTweet &&
        body?.reply !== undefined &&
        typeof body.reply.in_reply_to_tweet_id !== 'string'
      ) {
        problems.push('reply.in_reply_to_tweet_id is not a string');
      }
      const oauth = oauthParams(request.headers.authorization);
      if (!oauth) return [...problems, 'no OAuth Authorization header'];
      if (oauth.get('oauth_consumer_key') !== credentials.consumerKey)
        problems.push('wrong oauth_consumer_key');
      if (oauth.get('oauth_token') !== credentials.accessToken) problems.push('wrong oauth_token');
      if (oauth.get('oauth_signature_method') !== 'HMAC-SHA1') problems.push('not HMAC-SHA1');
      const signed = [...oauth].filter(([key]) => key !== 'oauth_signature' && key !== 'realm');
      const expected = rfc5849Signature({
        method: request.method,
        baseUrl: `${baseUrl}${request.path}`,
        params: [...signed, ...request.query],
        consumerSecret: credentials.consumerSecret,
        tokenSecret: credentials.accessTokenSecret,
      });
      if (oauth.get('oauth_signature') !== expected)
        problems.push('oauth_signature does not verify');
      return problems;
    },
    (request) => {
      const text = (request.body as { text: string }).text;
      return request.path === '/2/tweets'
        ? { status: 201, body: { data: { id: newId(), text, edit_history_tweet_ids: [] } } }
        : { status: 201, body: { data: { dm_conversation_id: newId(), dm_event_id: newId() } } };
    },
    (problems) =>
      problems.some((problem) => /oauth|OAuth/.test(problem))
        ? xProblem(401, 'Unauthorized', 'Unauthorized')
        : xProblem(400, 'Invalid Request', problems.join('; ')),
  );
  return {
    ...standIn,
    faults: {
      /** 429 with the epoch second the window resets. */
      rateLimited: (resetEpochSeconds: number): StandInAnswer => ({
        ...xProblem(429, 'Too Many Requests', 'Too Many Requests'),
        headers: {
          'x-rate-limit-limit': '100',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(resetEpochSeconds),
        },
      }),
      unauthorized: (): StandInAnswer => xProblem(401, 'Unauthorized', 'Unauthorized'),
      deletedTweet: (): StandInAnswer =>
        xProblem(
          403,
          'Forbidden',
          'You attempted to reply to a Tweet that is deleted or not visible to you.',
        ),
      serverError: (): StandInAnswer =>
        xProblem(500, 'Internal Server Error', 'Internal Server Error'),
    },
  };
};
export type XStandIn = Awaited<ReturnType<typeof startXStandIn>>;

// ---------------------------------------------------------------- Meta Graph API

const graphError = (
  status: number,
  error: Record<string, unknown>,
  headers?: Record<string, string>,
): StandInAnswer => ({
  status,
  ...(headers ? { headers } : {}),
  body: { error: { type: 'OAuthException', fbtrace_id: 'AbCdEfGhIjK', ...error } },
});

export const startGraphStandIn = async (input: {
  readonly pageAccessToken: string;
  readonly appSecret: string;
  /** The version prefix of every path, e.g. `/v21.0`. */
  readonly version?: string;
}) => {
  const version = input.version ?? '/v21.0';
  const proof = createHmac('sha256', input.appSecret).update(input.pageAccessToken).digest('hex');
  const standIn = await startStandIn(
    (request) => {
      const problems: string[] = [];
      if (request.method !== 'POST') problems.push(`method ${request.method}`);
      const match = new RegExp(
        `^${version.replace('.', '\\.')}/([^/]+)/(comments|replies|messages)$`,
      ).exec(request.path);
      if (!match) return [...problems, `no edge ${request.path}`];
      const token =
        request.headers.authorization?.replace(/^(Bearer|OAuth) /, '') ??
        request.query.get('access_token');
      if (token !== input.pageAccessToken) problems.push('wrong or missing access token');
      if (request.query.get('appsecret_proof') !== proof)
        problems.push('appsecret_proof does not match');
      const body = request.body as Record<string, unknown> | undefined;
      if (match[2] === 'messages') {
        const recipient = body?.recipient as { id?: unknown; comment_id?: unknown } | undefined;
        const message = body?.message as { text?: unknown } | undefined;
        if (typeof message?.text !== 'string') problems.push('message.text missing');
        if (typeof recipient?.comment_id === 'string') {
          if (body?.messaging_type !== undefined)
            problems.push('a private reply takes no messaging_type');
        } else if (typeof recipient?.id === 'string') {
          const type = body?.messaging_type;
          if (type === 'MESSAGE_TAG') {
            if (body?.tag !== 'HUMAN_AGENT') problems.push(`tag ${String(body?.tag)}`);
          } else if (type !== 'RESPONSE') problems.push(`messaging_type ${String(type)}`);
        } else problems.push('recipient needs id or comment_id');
      } else if (typeof body?.message !== 'string' || body.message === '') {
        problems.push('message missing');
      }
      return problems;
    },
    (request) =>
      request.path.endsWith('/messages')
        ? {
            status: 200,
            body: {
              recipient_id: String(
                (request.body as { recipient: { id?: string } }).recipient.id ?? newId(),
              ),
              message_id: `m_${newId()}`,
            },
          }
        : { status: 200, body: { id: `${request.path.split('/')[2]}_${newId()}` } },
    (problems) =>
      problems.some((problem) => /token|appsecret_proof/.test(problem))
        ? graphError(400, {
            message: `Invalid OAuth access token: ${problems.join('; ')}`,
            code: 190,
          })
        : graphError(400, { message: `(#100) ${problems.join('; ')}`, code: 100 }),
  );
  return {
    ...standIn,
    faults: {
      tokenExpired: (): StandInAnswer =>
        graphError(400, {
          message:
            'Error validating access token: Session has expired on Monday, 30-Nov-26 12:00:00 PST.',
          code: 190,
          error_subcode: 463,
        }),
      /** Page-level throttling, with Meta's estimate of minutes until access returns. */
      throttled: (minutes: number): StandInAnswer =>
        graphError(
          400,
          { message: '(#32) Page request limit reached', code: 32 },
          {
            'x-business-use-case-usage': JSON.stringify({
              '1234567890': [
                {
                  type: 'pages',
                  call_count: 100,
                  total_cputime: 20,
                  total_time: 20,
                  estimated_time_to_regain_access: minutes,
                },
              ],
            }),
          },
        ),
      windowClosed: (): StandInAnswer =>
        graphError(400, {
          message: '(#10) This message is sent outside of allowed window.',
          code: 10,
          error_subcode: 2018278,
        }),
      deletedObject: (): StandInAnswer =>
        graphError(400, {
          message:
            "Unsupported post request. Object with ID '123_456' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
          code: 100,
          error_subcode: 33,
        }),
      serverError: (): StandInAnswer =>
        graphError(500, { message: 'An unknown error has occurred.', code: 1, is_transient: true }),
    },
  };
};
export type GraphStandIn = Awaited<ReturnType<typeof startGraphStandIn>>;

// ---------------------------------------------------------------- Trustpilot

export interface TrustpilotAccount {
  /** The business user's access token when the stand-in starts. */
  readonly accessToken: string;
  /** Its refresh token and the application's API key and secret (the refresh grant's Basic auth). */
  readonly refreshToken?: string;
  readonly apiKey?: string;
  readonly apiSecret?: string;
}

/**
 * Trustpilot's business reply and its refresh grant (developers.trustpilot.com, "Authentication":
 * access tokens expire after 100 hours, refresh tokens after 30 days; POST
 * /v1/oauth/oauth-business-users-for-applications/refresh with Basic base64(key:secret) and the
 * form `grant_type=refresh_token&refresh_token=…` answers access_token, refresh_token and
 * expires_in, a string of seconds, "359999"). A refresh rotates both tokens: the old access token
 * and the spent refresh token stop working. How Trustpilot words a refused refresh is not
 * documented; the stand-in answers 400 with an OAuth `error`.
 */
export const startTrustpilotStandIn = async (account: TrustpilotAccount) => {
  const state = {
    accessToken: account.accessToken,
    refreshToken: account.refreshToken,
    expired: false,
    refreshes: 0,
  };
  const basic = `Basic ${Buffer.from(`${account.apiKey}:${account.apiSecret}`).toString('base64')}`;
  const isRefresh = (request: RecordedRequest) =>
    request.path === '/v1/oauth/oauth-business-users-for-applications/refresh';
  const standIn = await startStandIn(
    (request) => {
      const problems: string[] = [];
      if (request.method !== 'POST') problems.push(`method ${request.method}`);
      if (isRefresh(request)) {
        if (request.headers.authorization !== basic) problems.push('wrong or missing basic auth');
        if (request.headers['content-type'] !== 'application/x-www-form-urlencoded')
          problems.push(`content-type ${request.headers['content-type']}`);
        const form = new URLSearchParams(request.rawBody);
        if (form.get('grant_type') !== 'refresh_token')
          problems.push(`grant_type ${form.get('grant_type')}`);
        return problems;
      }
      if (!/^\/v1\/private\/reviews\/[^/]+\/reply$/.test(request.path))
        problems.push(`no endpoint ${request.path}`);
      const body = request.body as { message?: unknown } | undefined;
      if (typeof body?.message !== 'string' || body.message === '')
        problems.push('message missing');
      return problems;
    },
    (request) => {
      if (isRefresh(request)) {
        const given = new URLSearchParams(request.rawBody).get('refresh_token');
        if (!state.refreshToken || given !== state.refreshToken) {
          return {
            status: 400,
            body: { error: 'invalid_grant', error_description: 'Invalid Refresh Token' },
          };
        }
        state.refreshes += 1;
        state.accessToken = `tp-access-${state.refreshes}-${newId()}`;
        state.refreshToken = `tp-refresh-${state.refreshes}-${newId()}`;
        state.expired = false;
        return {
          status: 200,
          body: {
            access_token: state.accessToken,
            refresh_token: state.refreshToken,
            expires_in: '359999',
          },
        };
      }
      if (request.headers.authorization !== `Bearer ${state.accessToken}` || state.expired) {
        return {
          status: 401,
          body: {
            fault: {
              faultstring: state.expired ? 'Access Token expired' : 'Invalid Access Token',
              detail: { errorcode: 'keymanagement.service.access_token_expired' },
            },
          },
        };
      }
      return { status: 201 };
    },
    (problems) => ({ status: 400, body: { message: problems.join('; ') } }),
  );
  return {
    ...standIn,
    /** The tokens now valid. */
    tokens: () => ({ accessToken: state.accessToken, refreshToken: state.refreshToken }),
    /** Replies posted (201), as opposed to every request. */
    replies: () =>
      standIn.requests.filter((request) => !isRefresh(request) && request.path.endsWith('/reply')),
    refreshRequests: () => standIn.requests.filter(isRefresh),
    /** The access token reaches its 100 hours. */
    expireAccessToken: () => {
      state.expired = true;
    },
    /** The refresh token expires or is revoked: refreshes are refused. */
    revokeRefreshToken: () => {
      state.refreshToken = undefined;
    },
    faults: {
      reviewGone: (): StandInAnswer => ({ status: 404, body: { message: 'Review not found' } }),
      rateLimited: (retryAfterSeconds: number): StandInAnswer => ({
        status: 429,
        headers: { 'retry-after': String(retryAfterSeconds) },
        body: { message: 'Too many requests' },
      }),
      serverError: (): StandInAnswer => ({ status: 502, body: { message: 'Bad gateway' } }),
    },
  };
};

export type TrustpilotStandIn = Awaited<ReturnType<typeof startTrustpilotStandIn>>;

// ---------------------------------------------------------------- an integration's reply URL

/** An integration receiving `reply.requested`, verifying it with the Standard Webhooks library. */
export const startIntegrationStandIn = async (secret: string) => {
  const verifier = new Webhook(secret);
  return startStandIn(
    (request) => {
      const problems: string[] = [];
      try {
        verifier.verify(request.rawBody, {
          'webhook-id': String(request.headers['webhook-id']),
          'webhook-timestamp': String(request.headers['webhook-timestamp']),
          'webhook-signature': String(request.headers['webhook-signature']),
        });
      } catch (error) {
        problems.push(`signature: ${error instanceof Error ? error.message : String(error)}`);
      }
      const body = request.body as { type?: unknown; data?: { text?: unknown } } | undefined;
      if (body?.type !== 'reply.requested') problems.push(`type ${String(body?.type)}`);
      if (typeof body?.data?.text !== 'string') problems.push('data.text missing');
      return problems;
    },
    () => ({ status: 202, body: { id: `int-${newId()}` } }),
    (problems) => ({ status: 400, body: { error: problems.join('; ') } }),
  );
};
