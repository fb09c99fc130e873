import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import type { Actor } from '../../contracts/case';
import { badRequest, HttpError, notFound, unauthorized } from '../../contracts/http-error';
import { zodIssueLines } from '../../contracts/zod-issues';
import { CaseTransitionError } from '../../domain/cases/case-actions';
import { ReportRangeError } from '../../domain/cases/reports';
import { ReplyNotPossibleError } from '../../domain/replies/reply-plan';
import { IncidentNotFoundError } from '../../use-cases/incident-response';
import { CaseNotFoundError, CaseVersionConflictError } from '../../use-cases/ports/case-errors';
import { ReplyNotQueuedError } from '../../use-cases/request-reply';
import { AuthorNotFoundError, CaseWriteConflictError } from '../dynamodb/case-commands';
import { CaseListFilterError } from '../dynamodb/case-list';
import { CaseCursorError } from '../dynamodb/case-store';
import { errorResponse, jsonResponse } from '../http/http-response';
import { decodePathSegment } from '../http/path-segment';
import { SlackPayloadError, SlackSignatureError } from '../slack/slack-actions';
import type { CasesApiDeps, Operation } from './operation';
import { OPERATIONS } from './operations';

/** What API Gateway's authorizers put in the request context: JWT claims, or an IAM caller. */
const AuthorizerContext = z.object({
  requestContext: z.object({
    authorizer: z
      .object({
        jwt: z.object({ claims: z.object({ sub: z.string().min(1) }) }).optional(),
        iam: z.object({ userArn: z.string().min(1) }).optional(),
      })
      .optional(),
  }),
});

/** The authenticated caller, or undefined: a JWT's `sub`, or an IAM principal for machine callers. */
const callerOf = (event: APIGatewayProxyEventV2): Actor | undefined => {
  const parsed = AuthorizerContext.safeParse(event);
  const authorizer = parsed.success ? parsed.data.requestContext.authorizer : undefined;
  if (authorizer?.jwt) return { type: 'agent', id: authorizer.jwt.claims.sub };
  if (authorizer?.iam) return { type: 'system', id: authorizer.iam.userArn };
  return undefined;
};

const templateOf = (path: string) =>
  new RegExp(`^${path.replace(/\{(\w+)\}/g, (_match, name: string) => `(?<${name}>[^/]+)`)}$`);

const ROUTED = OPERATIONS.map((op) => ({
  op,
  routeKey: `${op.method} ${op.path}`,
  pattern: templateOf(op.path),
}));

/** The operation of a request: by API Gateway's route key, else by method and path. */
const route = (
  event: APIGatewayProxyEventV2,
): { op: Operation; params: Record<string, string | undefined> } => {
  const byKey = ROUTED.find((entry) => entry.routeKey === event.routeKey);
  if (byKey) return { op: byKey.op, params: event.pathParameters ?? {} };
  const method = event.requestContext.http.method;
  for (const entry of ROUTED) {
    const match = entry.op.method === method ? entry.pattern.exec(event.rawPath) : null;
    if (match) {
      const params = Object.fromEntries(
        Object.entries(match.groups ?? {}).map(([name, value]) => {
          const decoded = decodePathSegment(value);
          if (decoded === undefined) {
            throw badRequest(
              'malformed_path',
              `the path segment ${name} is not percent-encoded UTF-8`,
            );
          }
          return [name, decoded];
        }),
      );
      return { op: entry.op, params };
    }
  }
  throw notFound(`no route ${method} ${event.rawPath}`);
};

const parseInput = (schema: z.ZodType | undefined, value: unknown, where: string): unknown => {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = zodIssueLines(result.error, { at: [where] });
  throw new HttpError(400, 'invalid_request', problems.join('; '), {
    cause: result.error,
    details: { problems },
  });
};

/**
 * A misspelt filter must not quietly answer everything (`?priorty=P1`): a query parameter the
 * route does not take is refused, by name, with the ones it does take.
 */
const refuseUnknownParameters = (
  schema: z.ZodType | undefined,
  query: Readonly<Record<string, string | undefined>>,
): void => {
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const unknown = Object.keys(query).filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const takes = known.length > 0 ? `this route takes ${known.join(', ')}` : 'this route takes none';
  const problems = unknown.map((name) => `query.${name}: unknown parameter (${takes})`);
  throw new HttpError(400, 'invalid_request', problems.join('; '), { details: { problems } });
};

const rawBodyOf = (event: APIGatewayProxyEventV2): string =>
  event.body && event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : (event.body ?? '');

const jsonBody = (rawBody: string): unknown => {
  if (rawBody === '') return {};
  try {
    return JSON.parse(rawBody);
  } catch (error) {
    throw badRequest('malformed_body', 'the request body is not JSON', error);
  }
};

/** Domain errors as HTTP errors; anything else stays as it is (a 500 that reveals nothing). */
const asHttpError = (error: unknown): unknown => {
  if (error instanceof ReplyNotPossibleError) {
    return new HttpError(422, error.code, error.message, { cause: error });
  }
  if (error instanceof CaseNotFoundError || error instanceof IncidentNotFoundError) {
    return notFound(error.message);
  }
  if (error instanceof ReplyNotQueuedError) {
    return new HttpError(
      503,
      'not_queued',
      `${error.message}; it was marked failed and nothing was posted: send it again`,
      { cause: error },
    );
  }
  if (error instanceof CaseVersionConflictError) {
    return new HttpError(409, 'version_conflict', error.message, {
      cause: error,
      details: error.current
        ? { currentVersion: error.current.version, status: error.current.status }
        : {},
    });
  }
  if (error instanceof CaseTransitionError) {
    return new HttpError(409, error.code, error.message, {
      cause: error,
      details: { currentVersion: error.current.version, status: error.current.status },
    });
  }
  if (error instanceof CaseWriteConflictError) {
    return new HttpError(409, 'write_conflict', error.message, { cause: error });
  }
  if (error instanceof AuthorNotFoundError) {
    return new HttpError(404, 'not_found', error.message, { cause: error });
  }
  if (error instanceof CaseListFilterError)
    return badRequest('unbounded_filter', error.message, error);
  if (error instanceof CaseCursorError || error instanceof ReportRangeError) {
    return badRequest('invalid_request', error.message, error);
  }
  if (error instanceof SlackSignatureError) {
    return new HttpError(401, 'invalid_signature', error.message, { cause: error });
  }
  if (error instanceof SlackPayloadError) return badRequest('malformed_body', error.message, error);
  return error;
};

/**
 * The cases API as one API Gateway v2 handler: routes, authenticates `user` routes (401 without
 * an authorizer identity), validates input with the operation's schemas, maps errors to responses.
 */
export const createCasesApi =
  (deps: CasesApiDeps, onError: (error: unknown) => void) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const { op, params } = route(event);
      const actor = callerOf(event);
      if (op.auth === 'user' && !actor) {
        throw unauthorized('unauthenticated', 'this route needs a bearer token');
      }
      const rawBody = rawBodyOf(event);
      refuseUnknownParameters(op.query, event.queryStringParameters ?? {});
      const result = await op.run(
        {
          params: parseInput(op.params, params, 'path'),
          query: parseInput(op.query, event.queryStringParameters ?? {}, 'query'),
          body: op.body ? parseInput(op.body, jsonBody(rawBody), 'body') : undefined,
          actor: op.auth === 'user' ? actor : undefined,
          rawBody,
          headers: event.headers ?? {},
        },
        deps,
      );
      return jsonResponse(op.status ?? 200, result);
    } catch (error) {
      const mapped = asHttpError(error);
      if (!(mapped instanceof HttpError)) onError(error);
      return errorResponse(mapped);
    }
  };
