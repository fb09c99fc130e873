/** Shared setup of the cases API integration tests: cases are opened by the real triage function. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { createCasesApiHandler } from '../../../functions/cases-api';
import type { createTriageHandler } from '../../../functions/triage';
import type { Mention } from '../../../shared/contracts/mention';
import { received, recordOf, sqsEvent } from '../triage/support';

/** Triages one customer mention, received as it was posted; fails the test unless it is accepted. */
export const triageMention = async (
  triage: ReturnType<typeof createTriageHandler>,
  mention: Mention,
): Promise<void> => {
  const response = await triage(sqsEvent(recordOf(received(mention, mention.createdAt))));
  expect(response.batchItemFailures).toEqual([]);
};

/**
 * A caller of the cases API function as API Gateway invokes it (a `$default` route, a JWT the
 * authorizer accepted for `agent`): the answer's status and parsed JSON body.
 */
export const apiCaller =
  (casesApi: () => ReturnType<typeof createCasesApiHandler>, agent: string) =>
  async (method: string, path: string, body?: unknown) => {
    const answer = await casesApi()({
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      requestContext: {
        http: { method, path },
        authorizer: { jwt: { claims: { sub: agent }, scopes: [] } },
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2);
    return {
      status: answer.statusCode,
      // biome-ignore lint/suspicious/noExplicitAny: each test reads the fields its route answers
      body: JSON.parse(String(answer.body)) as any,
    };
  };
