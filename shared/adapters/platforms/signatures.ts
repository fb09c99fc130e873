import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError, unauthorized } from '../../contracts/http-error';
import type { SecretName, SecretSource } from '../../contracts/secrets';
import type { WebhookRequest } from './platform';

export const hmacSha256 = (key: string | Buffer, content: Buffer | string): Buffer =>
  createHmac('sha256', key).update(content).digest();

/** Constant-time comparison of two digests (their length is public: it is the algorithm's). */
export const digestsEqual = (provided: Buffer, expected: Buffer): boolean =>
  provided.length === expected.length && timingSafeEqual(provided, expected);

/** Constant-time comparison of two secrets of any length: compares their SHA-256 digests. */
export const secretsEqual = (provided: string, expected: string): boolean =>
  timingSafeEqual(
    createHash('sha256').update(provided).digest(),
    createHash('sha256').update(expected).digest(),
  );

/** The secret a source needs; a source whose secret is missing answers 503 until it is set. */
export const requireSecret = async (
  secrets: SecretSource,
  name: SecretName,
  route: string,
): Promise<string> => {
  const value = await secrets.get(name);
  if (value === undefined) {
    throw new HttpError(
      503,
      'source_not_configured',
      `the ${route} webhook source is not configured (secret ${name} is not set)`,
    );
  }
  return value;
};

const DIGEST_FORMAT = {
  base64: /^[A-Za-z0-9+/]{43}=$/,
  hex: /^[0-9a-fA-F]{64}$/,
} as const;

/**
 * Verifies a `sha256=<digest>` header holding the HMAC-SHA256 of the raw body (X in base64, Meta
 * in hex); throws 401 naming what is wrong.
 */
export const verifyBodyHmacHeader = (
  request: WebhookRequest,
  options: { header: string; secret: string; encoding: keyof typeof DIGEST_FORMAT },
): void => {
  const { header, encoding } = options;
  const value = request.headers[header]?.trim();
  if (!value) throw unauthorized('missing_signature', `the ${header} header is missing`);
  const digest = value.startsWith('sha256=') ? value.slice('sha256='.length) : undefined;
  if (digest === undefined || !DIGEST_FORMAT[encoding].test(digest)) {
    throw unauthorized(
      'malformed_signature',
      `the ${header} header must be sha256=<${encoding} HMAC-SHA256 of the body>`,
    );
  }
  const expected = hmacSha256(options.secret, request.body);
  if (!digestsEqual(Buffer.from(digest, encoding), expected)) {
    throw unauthorized('invalid_signature', `the ${header} signature does not match the body`);
  }
};
