/**
 * An error that maps to an HTTP status; the message is safe to show to the caller. Its code,
 * message and details are the body every HTTP route answers with on failure (`ErrorResponse`).
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    /** Stable machine-readable code, e.g. `invalid_signature`, `malformed_body`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, { cause: options?.cause });
    this.details = options?.details;
  }
  readonly details: Record<string, unknown> | undefined;
}

export const badRequest = (code: string, message: string, cause?: unknown) =>
  new HttpError(400, code, message, { cause });
export const unauthorized = (code: string, message: string) => new HttpError(401, code, message);
export const forbidden = (code: string, message: string) => new HttpError(403, code, message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);
export const payloadTooLarge = (limit: number) =>
  new HttpError(413, 'payload_too_large', `request body exceeds ${limit} bytes`);
