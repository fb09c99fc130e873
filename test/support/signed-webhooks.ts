/** Builds API Gateway v2 events for webhooks, signed the way each platform signs them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { signStandardWebhook } from '../../shared/adapters/platforms/generic';
import { META_SIGNATURE_HEADER } from '../../shared/adapters/platforms/meta';
import { hmacSha256 } from '../../shared/adapters/platforms/signatures';
import { X_SIGNATURE_HEADER } from '../../shared/adapters/platforms/x';
import type { SecretName } from '../../shared/contracts/secrets';

/** Secrets of a test deployment (fixed, so failures are reproducible). */
export const TEST_SECRETS = {
  GENERIC_WEBHOOK_SECRETS: `whsec_${Buffer.from('generic-webhook-signing-key-0001').toString('base64')}`,
  X_CONSUMER_SECRET: 'x-consumer-secret-8d1f0c7e2b',
  META_APP_SECRET: 'meta-app-secret-4a9e6b3c1d',
  META_VERIFY_TOKEN: 'meta-verify-token-71c2',
  TRUSTPILOT_BASIC_AUTH: 'trustpilot:basic-auth-password-93b1',
} as const satisfies Partial<Record<SecretName, string>>;

/** A fixture exactly as stored: the bytes a platform would have signed. */
export const fixture = (source: 'x' | 'meta' | 'generic' | 'trustpilot', name: string): string =>
  readFileSync(join(__dirname, '../fixtures', source, name), 'utf8');

export interface WebhookEventInput {
  readonly source: string;
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
  /** Sends the body base64-encoded, as API Gateway does for binary media types. */
  readonly base64?: boolean;
}

export const webhookEvent = (input: WebhookEventInput): APIGatewayProxyEventV2 => {
  const method = input.method ?? 'POST';
  const path = `/webhooks/${input.source}`;
  return {
    version: '2.0',
    routeKey: `${method} /webhooks/{source}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...input.headers },
    queryStringParameters: input.query,
    pathParameters: { source: input.source },
    isBase64Encoded: input.base64 ?? false,
    body:
      input.body === undefined
        ? undefined
        : input.base64
          ? Buffer.from(input.body).toString('base64')
          : input.body,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'request-1',
      routeKey: `${method} /webhooks/{source}`,
      stage: '$default',
      time: '04/Mar/2025:16:05:12 +0000',
      timeEpoch: 1741104312000,
    },
  };
};

/** Standard Webhooks headers for a body, signed now (real time) unless told otherwise. */
export const genericHeaders = (
  body: string,
  options: { id?: string; timestamp?: number; secret?: string } = {},
): Record<string, string> => {
  const id = options.id ?? 'msg_2tKcb1M9pWqJ1z5E';
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signStandardWebhook(
      options.secret ?? TEST_SECRETS.GENERIC_WEBHOOK_SECRETS,
      {
        id,
        timestamp,
        body,
      },
    ),
  };
};

export const xHeaders = (body: string, secret: string = TEST_SECRETS.X_CONSUMER_SECRET) => ({
  [X_SIGNATURE_HEADER]: `sha256=${hmacSha256(secret, body).toString('base64')}`,
});

export const metaHeaders = (body: string, secret: string = TEST_SECRETS.META_APP_SECRET) => ({
  [META_SIGNATURE_HEADER]: `sha256=${hmacSha256(secret, body).toString('hex')}`,
});

export const trustpilotHeaders = (credentials: string = TEST_SECRETS.TRUSTPILOT_BASIC_AUTH) => ({
  authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
});

/** A correctly signed POST of a body to a source. */
export const signedWebhook = (
  source: 'x' | 'meta' | 'generic' | 'trustpilot',
  body: string,
  query?: Record<string, string>,
): APIGatewayProxyEventV2 => {
  const headers = {
    x: () => xHeaders(body),
    meta: () => metaHeaders(body),
    generic: () => genericHeaders(body),
    trustpilot: () => trustpilotHeaders(),
  }[source]();
  return webhookEvent({ source, body, headers, query });
};
