import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type HttpGateway, startHttpGateway } from '../../../infra/local/http-gateway';
import { ROUTES } from '../../../infra/topology';

const TOKEN = 'operator-token-for-tests';

describe('startHttpGateway', () => {
  let gateway: HttpGateway;
  const received: APIGatewayProxyEventV2[] = [];
  let healthy = true;
  let failNext = false;
  const accessLog: { routeKey: string; status: number }[] = [];

  beforeAll(async () => {
    const record = async (event: APIGatewayProxyEventV2) => {
      received.push(event);
      if (failNext) {
        failNext = false;
        throw new Error('handler blew up');
      }
      return {
        statusCode: 202,
        headers: {
          'content-type': 'application/json',
          'x-request': event.requestContext.requestId,
        },
        cookies: ['session=abc; Path=/'],
        body: JSON.stringify({ accepted: true }),
      };
    };
    gateway = await startHttpGateway({
      routes: ROUTES,
      functions: { ingest: record, casesApi: record },
      operatorToken: TOKEN,
      health: async () => ({ dynamodb: healthy, sqs: true }),
      onResponse: ({ routeKey, status }) => accessLog.push({ routeKey, status }),
    });
  });
  afterAll(async () => {
    await gateway.stop();
  });
  beforeEach(() => {
    received.length = 0;
  });

  const lastEvent = (): APIGatewayProxyEventV2 => {
    const event = received.at(-1);
    if (!event) throw new Error('the function was not invoked');
    return event;
  };

  it('turns a webhook request into a payload 2.0 event of the matching route', async () => {
    const response = await fetch(`${gateway.url}/webhooks/generic?b=2&a=1&a=3`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Webhook-Id': 'msg_1',
        Cookie: 'theme=dark; lang=en',
      },
      body: '{"type":"mention.created","text":"café"}',
    });

    expect(response.status).toBe(202);
    expect(response.headers.get('set-cookie')).toBe('session=abc; Path=/');
    const event = lastEvent();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /webhooks/{source}',
      rawPath: '/webhooks/generic',
      rawQueryString: 'b=2&a=1&a=3',
      cookies: ['theme=dark', 'lang=en'],
      queryStringParameters: { a: '1,3', b: '2' },
      pathParameters: { source: 'generic' },
      body: '{"type":"mention.created","text":"café"}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'POST /webhooks/{source}',
        stage: '$default',
        http: { method: 'POST', path: '/webhooks/generic' },
      },
    });
    expect(event.headers['webhook-id']).toBe('msg_1');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.time).toMatch(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(response.headers.get('x-request')).toBe(event.requestContext.requestId);
  });

  it('passes a body that is not UTF-8 as base64', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    await fetch(`${gateway.url}/webhooks/generic`, { method: 'POST', body: bytes });
    expect(lastEvent()).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('decodes path parameters', async () => {
    await fetch(`${gateway.url}/cases/case%2042`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(lastEvent().pathParameters).toEqual({ caseId: 'case 42' });
  });

  it.each(['/webhooks/%ZZ', '/webhooks/%E0%A4%A', '/cases/%C3%28'])(
    'answers 400 itself for the malformed escape in %s, and logs it',
    async (path) => {
      const response = await fetch(`${gateway.url}${path}`, {
        method: path.startsWith('/webhooks') ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${TOKEN}` },
        body: path.startsWith('/webhooks') ? '{}' : undefined,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ message: 'Bad Request' });
      expect(received).toEqual([]);
      expect(accessLog.at(-1)).toMatchObject({ status: 400 });
    },
  );

  it('passes a body that starts with a UTF-8 byte order mark with every byte, the mark included', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]);
    await fetch(`${gateway.url}/webhooks/generic`, { method: 'POST', body: bytes });
    const event = lastEvent();
    const passed = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    expect(passed.equals(bytes)).toBe(true);
  });

  it('fills the JWT claims of a user route when the bearer token is right', async () => {
    const response = await fetch(`${gateway.url}/cases`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(202);
    const event = lastEvent() as APIGatewayProxyEventV2WithJWTAuthorizer;
    expect(event.routeKey).toBe('GET /cases');
    expect(event.requestContext.authorizer.jwt.claims).toEqual({ sub: 'local-operator' });
  });

  it('answers 401 itself when the bearer token is missing or wrong', async () => {
    const missing = await fetch(`${gateway.url}/cases`);
    const wrong = await fetch(`${gateway.url}/cases`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect([missing.status, wrong.status]).toEqual([401, 401]);
    expect(await missing.json()).toEqual({ message: 'Unauthorized' });
    expect(received).toHaveLength(0);
  });

  it('leaves webhook routes to the function, without a token', async () => {
    const response = await fetch(`${gateway.url}/webhooks/x?crc_token=abc`);
    expect(response.status).toBe(202);
    expect(lastEvent().requestContext).not.toHaveProperty('authorizer');
  });

  it('answers 404 JSON for an unknown route or method', async () => {
    const unknown = await fetch(`${gateway.url}/nowhere`);
    const wrongMethod = await fetch(`${gateway.url}/cases`, { method: 'DELETE' });
    expect([unknown.status, wrongMethod.status]).toEqual([404, 404]);
    expect(await unknown.json()).toEqual({ message: 'Not Found' });
  });

  it('answers 500 as API Gateway does when the function throws', async () => {
    failNext = true;
    const response = await fetch(`${gateway.url}/webhooks/generic`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('reports health 200 when every part is up and 503 otherwise', async () => {
    const up = await fetch(`${gateway.url}/health`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: 'ok', parts: { dynamodb: true, sqs: true } });
    healthy = false;
    const down = await fetch(`${gateway.url}/health`);
    healthy = true;
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      status: 'unavailable',
      parts: { dynamodb: false, sqs: true },
    });
  });
});
