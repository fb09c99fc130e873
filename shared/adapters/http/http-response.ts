import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError } from '../../contracts/http-error';

export const jsonResponse = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/**
 * The one place errors become responses: an HttpError keeps its status and message; anything else
 * is a 500 whose message reveals nothing (the caller logs the cause).
 */
export const errorResponse = (error: unknown): APIGatewayProxyStructuredResultV2 => {
  if (error instanceof HttpError) {
    return jsonResponse(error.status, {
      error: { code: error.code, message: error.message, ...(error.details ?? {}) },
    });
  }
  return jsonResponse(500, { error: { code: 'internal_error', message: 'internal error' } });
};
