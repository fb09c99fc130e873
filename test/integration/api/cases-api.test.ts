import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createCasesApiHandler } from '../../../functions/cases-api';
import { createTriageHandler } from '../../../functions/triage';
import { LocalClock } from '../../../infra/local/clock';
import { type EventBus, startEventBus } from '../../../infra/local/event-bus';
import { type HttpGateway, startHttpGateway } from '../../../infra/local/http-gateway';
import { ROUTES } from '../../../infra/topology';
import { main } from '../../../scripts/cli/main';
import { keys } from '../../../shared/adapters/dynamodb/table-keys';
import { slackSignature } from '../../../shared/adapters/slack/slack-actions';
import type { Case } from '../../../shared/contracts/case';
import type { BusEvent } from '../../../shared/contracts/events';
import type { Mention } from '../../../shared/contracts/mention';
import { praiseReview, refundComplaint } from '../../fixtures/cases/mentions';
import { startTestCaseStream } from '../../support/case-stream';
import { createTestTable, type TestTable, testRuntimeContext } from '../../support/emulators';
import { triageMention } from './support';

const TOKEN = 'cases-api-test-token';
const SLACK_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const BUS_NAME = 'cases-api-test';

let table: TestTable;
let bus: EventBus;
let gateway: HttpGateway;
let clock: LocalClock;
let documents: DynamoDBDocumentClient;
let triage: ReturnType<typeof createTriageHandler>;
let ctx: ReturnType<typeof testRuntimeContext>;
const events: BusEvent[] = [];

beforeAll(async () => {
  table = await createTestTable();
  clock = new LocalClock({ rate: 0, start: new Date('2025-05-13T09:14:30.000Z') });
  bus = await startEventBus({ busName: BUS_NAME, rules: [], notifier: async () => {}, clock });
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.endpoint;
  bus.subscribe((event) => events.push(event));
  ctx = testRuntimeContext({
    table,
    clock,
    eventBusName: BUS_NAME,
    secrets: { SLACK_SIGNING_SECRET: SLACK_SECRET },
  });
  triage = createTriageHandler(ctx);
  gateway = await startHttpGateway({
    routes: ROUTES,
    functions: { casesApi: createCasesApiHandler(ctx) },
    operatorToken: TOKEN,
    health: async () => ({ api: true }),
  });
  documents = DynamoDBDocumentClient.from(table.client);
});

afterAll(async () => {
  await gateway.stop();
  await bus.stop();
  await table.delete();
});

/** Triage a customer mention through the real triage function; returns the case it went to. */
const ingest = async (mention: Mention): Promise<Case> => {
  await triageMention(triage, mention);
  const seen = await documents.send(
    new GetCommand({ TableName: table.tableName, Key: keys.mentionSeen(mention.id) }),
  );
  const caseId = String(seen.Item?.caseId);
  const { body } = await api('GET', `/cases/${caseId}`);
  return (body as { case: Case }).case;
};

interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

const api = async (
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> => {
  const token = options.token === undefined ? TOKEN : options.token;
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const caseItem = async (caseId: string) =>
  (await documents.send(new GetCommand({ TableName: table.tableName, Key: keys.case(caseId) })))
    .Item;

const errorOf = (answer: ApiAnswer) => answer.body.error as Record<string, unknown>;

/** Moves business time to `seconds` after an instant. */
const moveClockTo = (from: string, seconds: number) =>
  clock.advance(Date.parse(from) + seconds * 1000 - clock.now().getTime());

/**
 * An agent acting on one case a second apart: each `step` posts the verb with the case's current
 * version, expects 200, and keeps the case it answers.
 */
const agentOn = (opened: Case) => {
  let current = opened;
  return {
    get current() {
      return current;
    },
    step: async (verb: string, body: Record<string, unknown>) => {
      clock.advance(1_000);
      const answer = await api('POST', `/cases/${current.caseId}/${verb}`, {
        body: { version: current.version, ...body },
      });
      expect(answer.status).toBe(200);
      current = answer.body.case as Case;
      return current;
    },
  };
};

const dana = refundComplaint;
const otherCustomer = (nativeId: string, text: string, createdAt: string): Mention =>
  refundComplaint({
    id: `x:${nativeId}`,
    nativeId,
    conversationId: nativeId,
    createdAt,
    text,
    url: `https://x.com/marco_r/status/${nativeId}`,
    author: { id: '88120045', name: 'Marco Rossi', handle: 'marco_r', followers: 310 },
  });

/**
 * A refund complaint on X from customer number `customer` (a person no other test writes as),
 * in a conversation of its own unless overridden: a case that only its test changes.
 */
const customerComplaint = (customer: number, overrides: Partial<Mention> = {}): Mention => {
  const nativeId = `17900077${String(customer).padStart(11, '0')}`;
  return refundComplaint({
    id: `x:${nativeId}`,
    nativeId,
    conversationId: nativeId,
    url: `https://x.com/customer${customer}/status/${nativeId}`,
    author: { id: `66${customer}`, name: `Customer ${customer}`, handle: `customer${customer}` },
    ...overrides,
  });
};

describe('cases API', () => {
  let complaint: Case;
  let second: Case;

  beforeAll(async () => {
    complaint = await ingest(dana());
    second = await ingest(
      otherCustomer(
        '1790002200110099887',
        '@AcmeAir how do I change the name on my booking? Flight is next week.',
        '2025-05-13T09:20:00.000Z',
      ),
    );
  });

  describe('authentication', () => {
    it('answers 401 and no data when the bearer token is missing or wrong', async () => {
      for (const token of [null, 'not-the-token']) {
        const answer = await api('GET', '/cases', { token });
        expect(answer.status).toBe(401);
        // API Gateway's own answer for a refused token, as docs/api.md shows it.
        expect(answer.body).toEqual({ message: 'Unauthorized' });
      }
    });

    it('answers 401 when a user route reaches the function without authorizer claims', async () => {
      const handler = createCasesApiHandler(testRuntimeContext({ table, clock }));
      const response = await handler({
        version: '2.0',
        routeKey: 'GET /cases',
        rawPath: '/cases',
        rawQueryString: '',
        headers: {},
        isBase64Encoded: false,
        requestContext: {
          accountId: '123456789012',
          apiId: 'api',
          domainName: 'api.example.com',
          domainPrefix: 'api',
          http: {
            method: 'GET',
            path: '/cases',
            protocol: 'HTTP/1.1',
            sourceIp: '203.0.113.9',
            userAgent: 'curl/8.5.0',
          },
          requestId: 'req-1',
          routeKey: 'GET /cases',
          stage: '$default',
          time: '13/May/2025:09:20:00 +0000',
          timeEpoch: 1747127999000,
        },
      });
      expect(response.statusCode).toBe(401);
      expect(JSON.parse(String(response.body)).error.code).toBe('unauthenticated');
    });

    it('serves the OpenAPI document without a token', async () => {
      const answer = await api('GET', '/openapi.json', { token: null });
      expect(answer.status).toBe(200);
      expect(answer.body.openapi).toBe('3.0.3');
    });
  });

  describe('GET /cases', () => {
    it('lists unresolved cases by priority, then earliest deadline, with their summary fields', async () => {
      const answer = await api('GET', '/cases');
      expect(answer.status).toBe(200);
      const items = answer.body.items as { caseId: string; priority: string; dueAt?: string }[];
      const ids = items.map((item) => item.caseId);
      expect(ids).toEqual(expect.arrayContaining([complaint.caseId, second.caseId]));
      const order = items.map((item) => `${item.priority}#${item.dueAt ?? '9999'}`);
      expect([...order].sort()).toEqual(order);
      expect(items.find((item) => item.caseId === complaint.caseId)).toMatchObject({
        status: 'open',
        source: 'x',
        brand: 'acme-air',
        author: { handle: 'danawhit' },
        breached: false,
      });
    });

    it('pages with a cursor through every case exactly once, in the same order', async () => {
      const all = ((await api('GET', '/cases?limit=100')).body.items as { caseId: string }[]).map(
        (item) => item.caseId,
      );
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await api('GET', `/cases?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...(page.body.items as { caseId: string }[]).map((item) => item.caseId));
        cursor = page.body.cursor as string | undefined;
      } while (cursor);
      expect(all.length).toBeGreaterThanOrEqual(2);
      expect(paged).toEqual(all);
    });

    it('filters by priority, source, brand, intent, assignee and breached', async () => {
      const only = async (query: string) =>
        ((await api('GET', `/cases?${query}`)).body.items as { caseId: string }[]).map(
          (item) => item.caseId,
        );
      expect(await only(`priority=${complaint.priority}`)).toContain(complaint.caseId);
      expect(await only('source=facebook')).toEqual([]);
      expect(await only('brand=acme-air')).toEqual(
        expect.arrayContaining([complaint.caseId, second.caseId]),
      );
      expect(await only('brand=other-brand')).toEqual([]);
      expect(await only('breached=true')).toEqual([]);
      expect(await only('assignee=nobody')).toEqual([]);
      const intent = complaint.intents[0];
      if (intent) expect(await only(`intent=${intent}`)).toContain(complaint.caseId);
    });

    it('answers 400 naming a filter combination that would take more than 5 queries a page', async () => {
      const answer = await api('GET', '/cases?priority=P1,P3');
      expect(answer.status).toBe(400);
      expect(errorOf(answer)).toMatchObject({ code: 'unbounded_filter' });
      expect(String(errorOf(answer).message)).toContain(
        'status=open,acknowledged,responded with priority=P1,P3 with needsReply=true takes 8 index queries a page',
      );
      expect((await api('GET', '/cases?priority=P1,P2')).status).toBe(200);
      expect((await api('GET', '/cases?priority=P1,P3&status=open,responded')).status).toBe(400);
      expect((await api('GET', '/cases?priority=P1,P3&status=open')).status).toBe(200);
      expect((await api('GET', '/cases?priority=P1,P3&status=acknowledged')).status).toBe(200);
    });

    it('answers 400 naming the parameter for a bad filter or cursor', async () => {
      const badStatus = await api('GET', '/cases?status=closed');
      expect(badStatus.status).toBe(400);
      expect(String(errorOf(badStatus).message)).toContain('query.status');
      const badCursor = await api('GET', '/cases?cursor=bm90LWEtY3Vyc29y');
      expect(badCursor.status).toBe(400);
    });

    it('answers 400 naming a parameter the route does not take, and the ones it does', async () => {
      const misspelt = await api('GET', '/cases?priorty=P1');
      expect(misspelt.status).toBe(400);
      expect(String(errorOf(misspelt).message)).toMatch(
        /^query\.priorty: unknown parameter \(this route takes status, priority, .*\)$/,
      );
      const none = await api('GET', `/cases/${complaint.caseId}?verbose=1`);
      expect(none.status).toBe(400);
      expect(String(errorOf(none).message)).toBe(
        'query.verbose: unknown parameter (this route takes none)',
      );
    });

    it('keeps praise that needs no reply out of the queue and lists it by amplify', async () => {
      const praise = await ingest(
        praiseReview({ id: 'trustpilot:list-praise-1', nativeId: 'list-praise-1' }),
      );
      expect(praise).toMatchObject({ needsResponse: false, amplify: true, status: 'open' });
      const only = async (query: string) =>
        ((await api('GET', `/cases?limit=100${query}`)).body.items as { caseId: string }[]).map(
          (item) => item.caseId,
        );
      const queue = await only('');
      expect(queue).toContain(complaint.caseId);
      expect(queue).not.toContain(praise.caseId);
      expect(await only('&amplify=true&needsReply=any')).toEqual([praise.caseId]);
      expect(await only('&needsReply=false')).toContain(praise.caseId);
      expect(await only('&needsReply=any')).toEqual(
        expect.arrayContaining([complaint.caseId, praise.caseId]),
      );
      expect(await only('&amplify=false&needsReply=any')).not.toContain(praise.caseId);
    });

    it('answers 400, never 500, for strings too long for a key and malformed path escapes', async () => {
      const forgedCursor = Buffer.from(
        JSON.stringify({ after: `9999#${'c'.repeat(1400)}` }),
      ).toString('base64url');
      for (const path of [
        `/cases?cursor=${forgedCursor}`,
        `/cases?brand=${'b'.repeat(3000)}`,
        `/cases?source=${'é'.repeat(300)}`,
        `/cases/${'c'.repeat(3000)}`,
        '/cases/%E0%A4%A',
        '/cases/%ZZ',
      ]) {
        const answer = await api('GET', path);
        expect([path, answer.status]).toEqual([path, 400]);
      }
    });
  });

  describe('GET /cases/{caseId}', () => {
    it('answers the case with its mentions and timeline', async () => {
      const answer = await api('GET', `/cases/${complaint.caseId}`);
      expect(answer.status).toBe(200);
      expect((answer.body.case as Case).caseId).toBe(complaint.caseId);
      expect(answer.body.mentions).toEqual([
        expect.objectContaining({ id: dana().id, text: dana().text }),
      ]);
      expect(Array.isArray(answer.body.timeline)).toBe(true);
    });

    it('answers 404 for an unknown case', async () => {
      const answer = await api('GET', '/cases/no-such-case');
      expect(answer.status).toBe(404);
    });
  });

  describe('actions', () => {
    it('refuses a stale version with 409 and the current version, changing nothing', async () => {
      const answer = await api('POST', `/cases/${complaint.caseId}/acknowledge`, {
        body: { version: complaint.version + 5 },
      });
      expect(answer.status).toBe(409);
      expect(errorOf(answer)).toMatchObject({
        code: 'version_conflict',
        currentVersion: complaint.version,
      });
      expect((await caseItem(complaint.caseId))?.version).toBe(complaint.version);
    });

    it('acknowledges: stops escalation, leaves the SLA index, records who and publishes', async () => {
      const opened = await ingest(customerComplaint(1));
      expect(await caseItem(opened.caseId)).toHaveProperty('slaShard');
      const answer = await api('POST', `/cases/${opened.caseId}/acknowledge`, {
        body: { version: opened.version },
      });
      expect(answer.status).toBe(200);
      const acknowledged = answer.body.case as Case;
      expect(acknowledged).toMatchObject({
        status: 'acknowledged',
        version: opened.version + 1,
        acknowledgedBy: 'local-operator',
      });
      expect(acknowledged.sla?.next).toBeUndefined();
      const item = await caseItem(opened.caseId);
      expect(item).not.toHaveProperty('slaShard');
      expect(item).not.toHaveProperty('slaDueAt');
      await bus.settled();
      expect(events).toContainEqual(
        expect.objectContaining({
          'detail-type': 'Case Acknowledged',
          detail: expect.objectContaining({
            caseId: opened.caseId,
            actor: { type: 'agent', id: 'local-operator' },
          }),
        }),
      );
    });

    it('refuses an action that does not apply in the current status with 409', async () => {
      const opened = await ingest(customerComplaint(2));
      const acknowledged = await api('POST', `/cases/${opened.caseId}/acknowledge`, {
        body: { version: opened.version },
      });
      expect(acknowledged.status).toBe(200);
      const answer = await api('POST', `/cases/${opened.caseId}/acknowledge`, {
        body: { version: (acknowledged.body.case as Case).version },
      });
      expect(answer.status).toBe(409);
      expect(errorOf(answer)).toMatchObject({ code: 'invalid_transition', status: 'acknowledged' });
    });

    it('acknowledges, assigns, notes, responds, resolves and reopens, each on the timeline with who', async () => {
      const agent = agentOn(await ingest(customerComplaint(3)));
      const { step } = agent;
      await step('acknowledge', {});
      expect((await step('assign', { assignee: 'priya' })).assignee).toBe('priya');
      await step('notes', { text: 'Refund was stuck in the payments queue.' });
      moveClockTo(agent.current.openedAt, 599);
      const responded = await step('respond', {
        text: 'Sorry Dana, your refund is on its way today.',
        url: 'https://x.com/AcmeAir/status/1790009900112233445',
      });
      expect(responded).toMatchObject({ status: 'responded', firstResponseSeconds: 600 });
      expect((await step('resolve', { reason: 'refund paid' })).status).toBe('resolved');
      const reopened = await step('reopen', { reason: 'customer says it did not arrive' });
      expect(reopened.status).toBe('open');
      expect(reopened.sla).toMatchObject({ clock: 'next_response' });
      expect(await caseItem(agent.current.caseId)).toHaveProperty('slaShard');

      const detail = await api('GET', `/cases/${agent.current.caseId}`);
      const timeline = detail.body.timeline as { type: string; actor: { id: string } }[];
      const actions = timeline.filter((entry) => entry.actor.id === 'local-operator');
      expect(actions.map((entry) => entry.type)).toEqual([
        'acknowledged',
        'assigned',
        'note',
        'responded',
        'resolved',
        'reopened',
      ]);
      await bus.settled();
      const types = events
        .filter((event) => (event.detail as { caseId?: string }).caseId === agent.current.caseId)
        .map((event) => event['detail-type']);
      expect(types).toEqual(
        expect.arrayContaining(['Case Responded', 'Case Resolved', 'Case Reopened']),
      );
    });

    it("lists an agent's queue as cases are assigned, reassigned and resolved", async () => {
      const { step, current: opened } = agentOn(await ingest(customerComplaint(9)));
      const { caseId } = opened;
      const queueOf = async (agent: string, status?: string) =>
        (
          (await api('GET', `/cases?assignee=${agent}${status ? `&status=${status}` : ''}`)).body
            .items as { caseId: string }[]
        ).map((item) => item.caseId);

      expect(await queueOf('queue-ana')).not.toContain(caseId);
      await step('assign', { assignee: 'queue-ana' });
      expect(await queueOf('queue-ana')).toEqual([caseId]);
      await step('acknowledge', {});
      expect(await queueOf('queue-ana', 'acknowledged')).toEqual([caseId]);
      await step('assign', { assignee: 'queue-ben' });
      expect(await queueOf('queue-ana')).toEqual([]);
      expect(await queueOf('queue-ben')).toEqual([caseId]);
      await step('resolve', { reason: 'answered by phone' });
      expect(await queueOf('queue-ben')).toEqual([]);
      expect(await queueOf('queue-ben', 'resolved')).toEqual([caseId]);
    });

    it('answers 400 naming the problem when a response has neither text nor URL', async () => {
      const answer = await api('POST', `/cases/${complaint.caseId}/respond`, {
        body: { version: complaint.version },
      });
      expect(answer.status).toBe(400);
      expect(String(errorOf(answer).message)).toContain('text');
    });

    it('answers 400 for a body that is not JSON', async () => {
      const answer = await api('POST', `/cases/${complaint.caseId}/notes`, { body: '{"version":' });
      expect(answer.status).toBe(400);
      expect(errorOf(answer).code).toBe('malformed_body');
    });
  });

  describe('merge and identity links', () => {
    it('merges two cases of one customer: the source resolves into the target', async () => {
      const first = customerComplaint(4);
      const target = await ingest(first);
      const other = await ingest(
        customerComplaint(4, {
          id: 'x:1790007700112233440',
          nativeId: '1790007700112233440',
          conversationId: '1790007700112233440',
          text: '@AcmeAir also my seat upgrade from last month never showed on the booking. Fix it or I am switching airlines',
          createdAt: '2025-05-13T11:00:00.000Z',
        }),
      );
      expect(other.caseId).not.toBe(target.caseId);
      const answer = await api('POST', `/cases/${target.caseId}/merge`, {
        body: {
          version: target.version,
          sourceCaseId: other.caseId,
          sourceVersion: other.version,
        },
      });
      expect(answer.status).toBe(200);
      const merged = answer.body.merged as Case;
      expect(merged).toMatchObject({ status: 'resolved', mergedInto: target.caseId });
      const after = answer.body.case as Case;
      expect(after.mergedFrom).toEqual([other.caseId]);
      expect(after.mentionCount).toBe(2);
      const detail = await api('GET', `/cases/${target.caseId}`);
      expect((detail.body.mentions as { id: string }[]).map((mention) => mention.id)).toEqual([
        first.id,
        'x:1790007700112233440',
      ]);
      // The merge changed the target's decision: its decision item was written with the case.
      expect(other.reasons.some((reason) => !target.reasons.includes(reason))).toBe(true);
      expect((detail.body.case as Case).reasons).toEqual([
        ...target.reasons,
        ...other.reasons.filter((reason) => !target.reasons.includes(reason)),
      ]);
      const thread = await documents.send(
        new GetCommand({
          TableName: table.tableName,
          Key: keys.thread('x', '1790007700112233440'),
        }),
      );
      expect(thread.Item?.caseId).toBe(target.caseId);
    });

    it('refuses to merge cases of different customers until their identities are linked', async () => {
      const target = await ingest(customerComplaint(5));
      const facebook = await ingest(
        refundComplaint({
          id: 'facebook:3349_88776655',
          source: 'facebook',
          nativeId: '3349_88776655',
          kind: 'comment',
          account: '104455667788',
          conversationId: '3349',
          text: 'Acme Air still has not refunded me. Same problem as on Twitter.',
          url: 'https://www.facebook.com/acmeair/posts/3349?comment_id=88776655',
          author: { id: '6021187733', name: 'Dana Whitfield' },
          createdAt: '2025-05-13T11:30:00.000Z',
          raw: { route: 'meta', eventType: 'feed' },
        }),
      );
      const body = {
        version: target.version,
        sourceCaseId: facebook.caseId,
        sourceVersion: facebook.version,
      };
      const refused = await api('POST', `/cases/${target.caseId}/merge`, { body });
      expect(refused.status).toBe(409);
      expect(errorOf(refused).code).toBe('invalid_merge');

      const link = await api('POST', '/authors/links', {
        body: {
          authors: [
            { source: 'x', id: target.author.id },
            { source: 'facebook', id: '6021187733' },
          ],
        },
      });
      expect(link.status).toBe(200);
      expect(link.body.linked).toEqual(['facebook#6021187733', `x#${target.author.id}`]);
      const author = await documents.send(
        new GetCommand({ TableName: table.tableName, Key: keys.author('x', target.author.id) }),
      );
      expect(author.Item?.linkedAuthors).toEqual(['facebook#6021187733']);

      const merged = await api('POST', `/cases/${target.caseId}/merge`, { body });
      expect(merged.status).toBe(200);
      expect((merged.body.case as Case).mergedFrom).toEqual([facebook.caseId]);
    });

    it('answers 404 when linking an author nobody has heard from', async () => {
      const answer = await api('POST', '/authors/links', {
        body: {
          authors: [
            { source: 'x', id: '2244994945' },
            { source: 'instagram', id: '17841400000000' },
          ],
        },
      });
      expect(answer.status).toBe(404);
    });
  });

  describe('GET /authors/{source}/{authorId}/cases', () => {
    it("lists an author's cases and their linked identities, newest first, and nobody else's", async () => {
      const onX = await ingest(
        refundComplaint({
          id: 'x:1790000000000000901',
          nativeId: '1790000000000000901',
          conversationId: '1790000000000000901',
          createdAt: '2025-05-13T09:00:00.000Z',
          author: { id: '5550001', name: 'Kai Moreau', handle: 'kaim' },
        }),
      );
      const onFacebook = await ingest(
        refundComplaint({
          id: 'facebook:4471_99001122',
          source: 'facebook',
          nativeId: '4471_99001122',
          kind: 'comment',
          account: '104455667788',
          conversationId: '4471',
          text: 'Still no refund from Acme Air. I asked on Twitter too.',
          url: 'https://www.facebook.com/acmeair/posts/4471?comment_id=99001122',
          author: { id: '6021180001', name: 'Kai Moreau' },
          createdAt: '2025-05-13T09:10:00.000Z',
          raw: { route: 'meta', eventType: 'feed' },
        }),
      );
      await ingest(
        otherCustomer('1790000000000000902', 'Where is my bag?', '2025-05-13T09:05:00.000Z'),
      );

      const alone = await api('GET', '/authors/x/5550001/cases');
      expect(alone.status).toBe(200);
      expect(alone.body).toMatchObject({
        authors: ['x#5550001'],
        items: [expect.objectContaining({ caseId: onX.caseId, status: onX.status })],
      });

      await api('POST', '/authors/links', {
        body: {
          authors: [
            { source: 'x', id: '5550001' },
            { source: 'facebook', id: '6021180001' },
          ],
        },
      });
      const linked = await api('GET', '/authors/x/5550001/cases');
      expect(linked.body.authors).toEqual(['x#5550001', 'facebook#6021180001']);
      const ids = (linked.body.items as Case[]).map((item) => item.caseId);
      // Newest first; cases opened at the same moment by case id, descending.
      const newestFirst = [onX, onFacebook]
        .map((item) => `${item.openedAt}#${item.caseId}`)
        .sort()
        .reverse()
        .map((sort) => sort.slice(sort.indexOf('#') + 1));
      expect(ids).toEqual(newestFirst);

      // A page at a time: the cursor leads to the rest, and the last page has none.
      const first = await api('GET', '/authors/x/5550001/cases?limit=1');
      expect((first.body.items as Case[]).map((item) => item.caseId)).toEqual([newestFirst[0]]);
      const second = await api(
        'GET',
        `/authors/x/5550001/cases?limit=1&cursor=${String(first.body.cursor)}`,
      );
      expect((second.body.items as Case[]).map((item) => item.caseId)).toEqual([newestFirst[1]]);
      expect(second.body.cursor).toBeUndefined();
    });

    it('answers 400 naming a cursor it did not hand out', async () => {
      const answer = await api('GET', '/authors/x/5550001/cases?cursor=not-ours');
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('cursor');
    });

    it('answers 400 naming a bad limit', async () => {
      const answer = await api('GET', '/authors/x/5550001/cases?limit=0');
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('limit');
    });
  });

  describe('POST /integrations/slack/actions', () => {
    /** Stands in for Slack's response_url endpoint: records each update, answers `status`. */
    const responseUrl = { updates: [] as unknown[], status: 200, url: '' };
    let slackServer: Server;
    beforeAll(async () => {
      slackServer = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => {
          body += chunk;
        });
        request.on('end', () => {
          responseUrl.updates.push(JSON.parse(body));
          response.writeHead(responseUrl.status).end(responseUrl.status === 200 ? 'ok' : 'nope');
        });
      });
      await new Promise<void>((resolve) => slackServer.listen(0, '127.0.0.1', resolve));
      const { port } = slackServer.address() as AddressInfo;
      responseUrl.url = `http://127.0.0.1:${port}/actions/T0001/123/abc`;
    });
    afterAll(() => new Promise<void>((resolve) => slackServer.close(() => resolve())));
    beforeEach(() => {
      responseUrl.updates.length = 0;
      responseUrl.status = 200;
    });

    const slackBody = (caseId: string, action = 'acknowledge') =>
      `payload=${encodeURIComponent(
        JSON.stringify({
          type: 'block_actions',
          user: { id: 'U024BE7LH', username: 'priya', team_id: 'T0001' },
          actions: [{ action_id: action, block_id: 'case', value: caseId, type: 'button' }],
          response_url: responseUrl.url,
        }),
      )}`;
    const slack = (body: string, timestamp: number, secret = SLACK_SECRET) =>
      api('POST', '/integrations/slack/actions', {
        token: null,
        body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': slackSignature(secret, String(timestamp), body),
        },
      });
    const nowSeconds = () => Math.floor(Date.now() / 1000);

    it('acknowledges the case of a verified button press, as the Slack user', async () => {
      const paged = await ingest(customerComplaint(6));
      const body = slackBody(paged.caseId);
      const answer = await slack(body, nowSeconds());
      expect(answer.status).toBe(200);
      expect(answer.body.results).toEqual([
        { caseId: paged.caseId, action: 'acknowledge', outcome: 'done' },
      ]);
      const detail = await api('GET', `/cases/${paged.caseId}`);
      expect(detail.body.case).toMatchObject({
        status: 'acknowledged',
        acknowledgedBy: 'slack:priya',
      });
      expect(responseUrl.updates).toEqual([
        { replace_original: true, text: `Case ${paged.caseId} acknowledged by priya.` },
      ]);
    });

    it('says so, without an error, when the case already moved on', async () => {
      const paged = await ingest(customerComplaint(7));
      const acknowledged = await api('POST', `/cases/${paged.caseId}/acknowledge`, {
        body: { version: paged.version },
      });
      expect(acknowledged.status).toBe(200);
      const answer = await slack(slackBody(paged.caseId), nowSeconds());
      expect(answer.status).toBe(200);
      const outcome = (answer.body.results as { outcome: string }[])[0]?.outcome;
      expect(outcome).toContain('acknowledged');
      expect(responseUrl.updates).toEqual([
        { replace_original: true, text: `Case ${paged.caseId}: ${outcome}` },
      ]);
    });

    it('still resolves the case when Slack refuses the message update', async () => {
      const paged = await ingest(customerComplaint(8));
      responseUrl.status = 404;
      const answer = await slack(slackBody(paged.caseId, 'resolve'), nowSeconds());
      expect(answer.status).toBe(200);
      expect(answer.body.results).toEqual([
        { caseId: paged.caseId, action: 'resolve', outcome: 'done' },
      ]);
      expect(responseUrl.updates).toEqual([
        { replace_original: true, text: `Case ${paged.caseId} resolved by priya.` },
      ]);
      expect((await caseItem(paged.caseId))?.status).toBe('resolved');
    });

    it('refuses a forged signature with 401 and changes nothing', async () => {
      const before = await caseItem(second.caseId);
      const answer = await slack(
        slackBody(second.caseId, 'resolve'),
        nowSeconds(),
        'forged-secret',
      );
      expect(answer.status).toBe(401);
      expect(errorOf(answer).code).toBe('invalid_signature');
      expect((await caseItem(second.caseId))?.version).toBe(before?.version);
    });

    it('refuses a correctly signed request older than five minutes', async () => {
      const answer = await slack(slackBody(second.caseId, 'resolve'), nowSeconds() - 301);
      expect(answer.status).toBe(401);
      expect(String(errorOf(answer).message)).toContain('timestamp');
    });

    it('acknowledges the press of the Open case link button with 200, changing nothing', async () => {
      const before = await caseItem(second.caseId);
      const answer = await slack(slackBody(second.caseId, 'open_case'), nowSeconds());
      expect(answer.status).toBe(200);
      expect(answer.body.results).toEqual([]);
      expect(responseUrl.updates).toEqual([]);
      expect((await caseItem(second.caseId))?.version).toBe(before?.version);
    });

    it('answers 400 for a signed press whose case id is too long to be one', async () => {
      const answer = await slack(slackBody(`c_${'x'.repeat(3000)}`), nowSeconds());
      expect(answer.status).toBe(400);
    });

    it('answers 400 for an unknown action id', async () => {
      const answer = await slack(slackBody(second.caseId, 'escalate'), nowSeconds());
      expect(answer.status).toBe(400);
      expect(String(errorOf(answer).message)).toContain('escalate');
    });
  });

  describe('GET /reports/summary', () => {
    it('reports the figures of a known set of cases from the counters', async () => {
      const globex = (nativeId: string, authorId: string, text: string): Mention =>
        refundComplaint({
          id: `x:${nativeId}`,
          nativeId,
          brand: 'globex',
          conversationId: nativeId,
          text,
          url: `https://x.com/customer${authorId}/status/${nativeId}`,
          author: { id: authorId, handle: `customer${authorId}`, followers: 120 },
          createdAt: clock.now().toISOString(),
        });
      const opened = [
        await ingest(
          globex('1791000000000000001', '501', '@Globex my order arrived broken, I want a refund'),
        ),
        await ingest(
          globex(
            '1791000000000000002',
            '502',
            '@Globex charged twice for one subscription, fix this',
          ),
        ),
        await ingest(
          globex('1791000000000000003', '503', '@Globex the app keeps logging me out, terrible'),
        ),
      ];
      const [first, second, third] = opened;
      if (!first || !second || !third) throw new Error('three cases were opened');
      expect(new Set(opened.map((found) => found.caseId)).size).toBe(3);
      for (const [found, seconds] of [
        [first, 100],
        [second, 500],
      ] as const) {
        moveClockTo(found.openedAt, seconds);
        const answer = await api('POST', `/cases/${found.caseId}/respond`, {
          body: { version: found.version, text: 'Sorry about that, we have sent you a DM.' },
        });
        expect(answer.status).toBe(200);
      }
      // The counters are summed from the table's stream, a window at a time.
      const stream = await startTestCaseStream(table, ctx);
      await stream.drained();
      await stream.stop();
      const from = new Date(Date.parse(first.openedAt) - 3_600_000).toISOString();
      const to = new Date(Date.parse(first.openedAt) + 86_400_000).toISOString();
      const answer = await api('GET', `/reports/summary?brand=globex&from=${from}&to=${to}`);
      expect(answer.status).toBe(200);
      const needing = opened.filter((found) => found.needsResponse);
      const respondedNeeding = [first, second].filter((found) => found.needsResponse);
      const slaFor = (priority: string) =>
        [first, second].filter((found) => found.priority === priority).length;
      expect(answer.body).toMatchObject({
        brand: 'globex',
        mentions: { total: 3, bySource: { x: 3 } },
        cases: {
          opened: 3,
          needingResponse: needing.length,
          responded: 2,
          responseRate: needing.length ? respondedNeeding.length / needing.length : null,
        },
        // 100 s and 500 s, each alone in its bucket: the percentiles are the times observed.
        firstResponse: { count: 2, meanSeconds: 300, medianSeconds: 100, p90Seconds: 500 },
      });
      const sla = answer.body.sla as Record<string, { met: number; breached: number }>;
      for (const priority of ['P1', 'P2', 'P3', 'P4']) {
        expect(sla[priority]).toMatchObject({ met: slaFor(priority), breached: 0 });
      }
      const empty = await api(
        'GET',
        `/reports/summary?brand=globex&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z`,
      );
      expect(empty.body).toMatchObject({ mentions: { total: 0 }, cases: { opened: 0 } });
    });

    it('covers the last seven days without from and to, and takes dates for whole days', async () => {
      const now = clock.now();
      const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
      const defaults = await api('GET', '/reports/summary');
      expect(defaults.status).toBe(200);
      expect(defaults.body).toMatchObject({
        from: weekAgo.toISOString(),
        to: now.toISOString(),
      });
      const days = await api('GET', '/reports/summary?from=2025-05-05&to=2025-05-11');
      expect(days.body).toMatchObject({
        from: '2025-05-05T00:00:00.000Z',
        to: '2025-05-12T00:00:00.000Z',
      });
      const misspelt = await api('GET', '/reports/summary?form=2025-05-05');
      expect(misspelt.status).toBe(400);
      expect(String(errorOf(misspelt).message)).toContain('query.form: unknown parameter');
      const notADate = await api('GET', '/reports/summary?from=last-week');
      expect(notADate.status).toBe(400);
      expect(String(errorOf(notADate).message)).toContain('query.from');
    });

    it('answers 400 when the range is reversed', async () => {
      const answer = await api(
        'GET',
        '/reports/summary?from=2025-05-14T00:00:00Z&to=2025-05-13T00:00:00Z',
      );
      expect(answer.status).toBe(400);
      expect(String(errorOf(answer).message)).toContain('from');
    });

    it('answers 400 naming the brand when it is too long to be one', async () => {
      const answer = await api(
        'GET',
        `/reports/summary?brand=${'b'.repeat(3000)}&from=2025-05-13T00:00:00Z&to=2025-05-14T00:00:00Z`,
      );
      expect(answer.status).toBe(400);
      expect(String(errorOf(answer).message)).toContain('query.brand');
    });
  });
});

describe('triage correction', () => {
  /** A question from customer number `customer` (no other test writes as them). */
  const post = (customer: number) =>
    customerComplaint(customer, {
      text: '@AcmeAir my flight to Denver is at 6, is the lounge in terminal B open that early?',
      createdAt: '2025-05-13T09:30:00.000Z',
    });

  const mentionItem = async (caseId: string, mention: Mention) =>
    (
      await documents.send(
        new GetCommand({
          TableName: table.tableName,
          Key: keys.mention(caseId, mention.createdAt, mention.id),
        }),
      )
    ).Item;

  const correct = async (caseId: string, body: Record<string, unknown>) => {
    const answer = await api('POST', `/cases/${caseId}/triage-correction`, { body });
    expect(answer.status).toBe(200);
    return (answer.body as { case: Case }).case;
  };
  /** The first correction: a P1 complaint that also asks something. */
  const raise = (corrected: Case) =>
    correct(corrected.caseId, {
      version: corrected.version,
      priority: 'P1',
      intents: ['complaint', 'question'],
    });
  /** The second: not a complaint after all, neutral, and no reply needed. */
  const calm = (corrected: Case) =>
    correct(corrected.caseId, {
      version: corrected.version,
      complaint: false,
      needsResponse: false,
      sentiment: 'neutral',
    });

  it('raises the priority and re-times the deadline from when the clock started', async () => {
    const corrected = await ingest(post(20));
    expect(corrected.priority).not.toBe('P1');
    const after = await raise(corrected);
    expect(after.priority).toBe('P1');
    expect(after.intents).toEqual(['complaint', 'question']);
    // The default policy answers P1 within 15 minutes of the clock's start.
    expect(after.sla?.startedAt).toBe(corrected.sla?.startedAt);
    expect(Date.parse(after.sla?.dueAt ?? '') - Date.parse(after.sla?.startedAt ?? '')).toBe(
      15 * 60 * 1000,
    );
    expect(Date.parse(after.sla?.dueAt ?? '')).toBeLessThan(Date.parse(corrected.sla?.dueAt ?? ''));
    expect((await caseItem(corrected.caseId))?.priority).toBe('P1');
  });

  it('stores the correction as a label on the mention and lists it under /labels', async () => {
    const mention = post(21);
    const corrected = await ingest(mention);
    const after = await calm(await raise(corrected));
    expect(after.intents).not.toContain('complaint');
    expect(after.needsResponse).toBe(false);
    expect(after.sla?.next).toBeUndefined();
    const label = (await mentionItem(corrected.caseId, mention))?.label;
    // Corrections add up on the label: the earlier priority and intents stay.
    expect(label).toEqual({
      priority: 'P1',
      intents: ['complaint', 'question'],
      complaint: false,
      needsResponse: false,
      sentiment: 'neutral',
      by: expect.any(String),
      at: clock.now().toISOString(),
    });
    const labels = await api('GET', '/labels');
    expect(labels.status).toBe(200);
    const items = labels.body.items as { id: string; text: string; label: unknown }[];
    expect(items.find((item) => item.id === mention.id)).toMatchObject({
      text: mention.text,
      label,
    });
    const detail = await api('GET', `/cases/${corrected.caseId}`);
    const timeline = detail.body.timeline as { type: string }[];
    expect(timeline.filter((entry) => entry.type === 'triage_corrected')).toHaveLength(2);
  });

  it('refuses a stale version with 409 and an empty correction with 400, changing nothing', async () => {
    const corrected = await calm(await raise(await ingest(post(22))));
    const stale = await api('POST', `/cases/${corrected.caseId}/triage-correction`, {
      body: { version: corrected.version - 1, priority: 'P4' },
    });
    expect(stale.status).toBe(409);
    const empty = await api('POST', `/cases/${corrected.caseId}/triage-correction`, {
      body: { version: corrected.version },
    });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(errorOf(empty))).toContain('correct at least one of');
    const unknownMention = await api('POST', `/cases/${corrected.caseId}/triage-correction`, {
      body: { version: corrected.version, priority: 'P4', mentionId: 'x:nope' },
    });
    expect(unknownMention.status).toBe(404);
    expect((await caseItem(corrected.caseId))?.version).toBe(corrected.version);
  });

  it('corrects from the command line and exports the labels as JSON Lines', async () => {
    const mention = post(23);
    const corrected = await calm(await raise(await ingest(mention)));
    const printed: string[] = [];
    const io = {
      out: (text: string) => printed.push(text),
      err: (text: string) => printed.push(text),
      status: () => {},
      env: {},
    };
    const target = ['--url', gateway.url, '--token', TOKEN];
    const code = await main(
      ['correct', corrected.caseId, '--priority', 'P2', '--complaint', 'true', ...target],
      io,
    );
    expect({ code, printed }).toEqual({
      code: 0,
      printed: [
        expect.stringMatching(
          new RegExp(`^${corrected.caseId} corrected: P2, neutral, complaint\\+question`),
        ),
      ],
    });
    expect(await main(['correct', corrected.caseId, '--complaint', 'maybe', ...target], io)).toBe(
      1,
    );
    expect(printed.at(-1)).toContain('--complaint must be true or false');
    const file = join(mkdtempSync(join(tmpdir(), 'labels-')), 'labels.jsonl');
    expect(await main(['labels', 'export', '--out', file, ...target], io)).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.find((line) => line.id === mention.id)).toEqual({
      id: mention.id,
      text: mention.text,
      language: 'en',
      source: 'x',
      brand: 'acme-air',
      createdAt: mention.createdAt,
      sentiment: 'neutral',
      complaint: true,
      intents: ['complaint', 'question'],
      priority: 'P2',
      needsResponse: false,
      predicted: expect.objectContaining({ complaint: expect.any(Boolean) }),
    });
  });
});
