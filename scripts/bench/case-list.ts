/**
 * The case list at scale: seeds a case table with open cases of the real item shape (`caseToItem`,
 * written with BatchWriteItem; not their decision items, which a list does not read) and counts
 * the DynamoDB requests one page of GET /cases takes for a filter. Requests are counted, not
 * timed: DynamoDB Local's speed says nothing about DynamoDB's.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createCaseTable,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../infra/local/dynamodb';
import { caseListRequest } from '../../shared/adapters/cases-api/case-filter';
import { DynamoDbCaseCommands } from '../../shared/adapters/dynamodb/case-commands';
import { caseToItem } from '../../shared/adapters/dynamodb/case-items';
import type { Case } from '../../shared/contracts/case';
import { ListCasesQuery } from '../../shared/contracts/cases-api';
import type { Priority } from '../../shared/contracts/triage';

/** When the seeded cases were opened, and the clock the list is read at. */
const OPENED = Date.parse('2026-11-30T08:00:00.000Z');
export const LIST_NOW = new Date('2026-11-30T12:00:00.000Z');

const MINUTE = 60_000;
const SLA_MINUTES: Record<Priority, number> = { P1: 15, P2: 60, P3: 240, P4: 1440 };

/** The agents the seeded cases are assigned to. */
export const SEED_AGENTS = ['agent-ana', 'agent-ben'] as const;

/**
 * The n-th seeded case: 1 in 100 a P1, the rest spread over P2–P4; 1 in 10 praise that needs no
 * reply (P4, amplify); 1 in 50 assigned to one of two agents; every one open, of brand `acme`,
 * opened a second apart.
 */
export const seededCase = (index: number): Case => {
  const praise = index % 10 === 9;
  const priority: Priority = praise
    ? 'P4'
    : index % 100 === 0
      ? 'P1'
      : ((['P2', 'P3', 'P4'] as const)[index % 3] ?? 'P3');
  const openedAt = new Date(OPENED + index * 1000).toISOString();
  const dueAt = new Date(OPENED + index * 1000 + SLA_MINUTES[priority] * MINUTE).toISOString();
  const caseId = `c_seed${String(index).padStart(17, '0')}`;
  return {
    caseId,
    version: 1,
    brand: 'acme',
    source: 'x',
    conversationId: `conv-${index}`,
    author: {
      key: `x#seed-${index % 5000}`,
      id: `seed-${index % 5000}`,
      source: 'x',
      name: `Customer ${index % 5000}`,
      handle: `customer${index % 5000}`,
      followers: 120,
    },
    status: 'open',
    // One case in fifty is assigned, to one of two agents: the queues `assignee=` lists.
    ...(index % 50 === 7 ? { assignee: SEED_AGENTS[Math.floor(index / 50) % 2] } : {}),
    priority,
    needsResponse: !praise,
    amplify: praise,
    chronic: false,
    sentiment: praise ? 'positive' : 'negative',
    intents: praise ? ['praise'] : ['complaint'],
    urgency: [],
    reasons: [praise ? 'praise: no reply needed' : `complaint: ${priority}`],
    excerpt: praise
      ? 'Loved the new lounge, the staff were brilliant today.'
      : 'My flight was cancelled and nobody at the desk can tell me when I get my refund.',
    mentionCount: 1,
    openedAt,
    updatedAt: openedAt,
    lastMentionAt: openedAt,
    ...(praise
      ? {}
      : {
          sla: {
            policyId: 'default',
            clock: 'first_response',
            startedAt: openedAt,
            dueAt,
            next: { kind: 'level', level: 1, dueAt },
            level: 0,
            warned: false,
          },
        }),
  };
};

/** Writes `count` seeded cases, 25 to a BatchWriteItem, 8 requests at a time; the seconds taken. */
export const seedOpenCases = async (
  client: DynamoDBClient,
  tableName: string,
  count: number,
): Promise<number> => {
  const documents = DynamoDBDocumentClient.from(client);
  const started = process.hrtime.bigint();
  const batches = Math.ceil(count / 25);
  let next = 0;
  const worker = async () => {
    while (next < batches) {
      const batch = next++;
      let pending = Array.from({ length: Math.min(25, count - batch * 25) }, (_, offset) => ({
        PutRequest: { Item: caseToItem(seededCase(batch * 25 + offset)) },
      }));
      while (pending.length > 0) {
        const { UnprocessedItems } = await documents.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
        );
        pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return Number(process.hrtime.bigint() - started) / 1e9;
};

export interface ListPageCount {
  /** Index queries the page took. */
  readonly queries: number;
  /** BatchGetItem requests reading the cases the queries named. */
  readonly batchGets: number;
  /** Cases on the page. */
  readonly cases: number;
  /** Whether the page points to a next one. */
  readonly cursor: boolean;
}

/**
 * One page of GET /cases?<query> against the table, as the cases API reads it, with the DynamoDB
 * requests it made.
 */
export const countListPage = async (
  client: DynamoDBClient,
  tableName: string,
  query: string,
): Promise<ListPageCount> => {
  const counts: Record<string, number> = {};
  const counting = DynamoDBDocumentClient.from(client);
  counting.middlewareStack.add(
    (next, context) => (args) => {
      const name = String(context.commandName);
      counts[name] = (counts[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'countListRequests' },
  );
  const commands = new DynamoDbCaseCommands(counting, tableName);
  const parsed = ListCasesQuery.parse(Object.fromEntries(new URLSearchParams(query)));
  // The document client shares the client's middleware stack: the counter leaves it after.
  const page = await commands
    .listCases(caseListRequest(parsed, LIST_NOW))
    .finally(() => counting.middlewareStack.remove('countListRequests'));
  return {
    queries: counts.QueryCommand ?? 0,
    batchGets: counts.BatchGetItemCommand ?? 0,
    cases: page.cases.length,
    cursor: page.cursor !== undefined,
  };
};

export interface CaseListFigures {
  readonly openCases: number;
  readonly seedSeconds: number;
  /** `priority=P1`: the P1 cases needing a reply, earliest deadline first. */
  readonly filteredPageQueries: number;
  readonly filteredPageCases: number;
  /** `priority=P1&needsReply=false`: a key filter no case matches. */
  readonly noMatchPageQueries: number;
  /** `brand=nobody`: a filter checked on the cases read; a page is bounded, not the whole walk. */
  readonly unkeyedNoMatchPage: ListPageCount;
  /** `assignee=<a seeded agent>`: one agent's queue, from the sparse `by-assignee` index. */
  readonly assigneePage: ListPageCount;
}

/** Seeds `openCases` cases on a DynamoDB Local of its own and counts four filtered pages. */
export const measureCaseList = async (openCases: number): Promise<CaseListFigures> => {
  const dynamoDb = await startDynamoDbLocal();
  const client = localDynamoDbClient(dynamoDb.endpoint);
  try {
    const tableName = 'case-list-bench';
    await createCaseTable(client, tableName);
    const seedSeconds = await seedOpenCases(client, tableName, openCases);
    const filtered = await countListPage(client, tableName, 'priority=P1');
    const noMatch = await countListPage(client, tableName, 'priority=P1&needsReply=false');
    return {
      openCases,
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      filteredPageQueries: filtered.queries,
      filteredPageCases: filtered.cases,
      noMatchPageQueries: noMatch.queries,
      unkeyedNoMatchPage: await countListPage(client, tableName, 'brand=nobody'),
      assigneePage: await countListPage(client, tableName, `assignee=${SEED_AGENTS[0]}`),
    };
  } finally {
    client.destroy();
    await dynamoDb.stop();
  }
};
