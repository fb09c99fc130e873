/**
 * A filtered page of the case list takes a bounded number of queries however many cases the table
 * holds: the bench's seed (scripts/bench/case-list.ts) at a smaller size, read as GET /cases reads.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  countListPage,
  LIST_NOW,
  seededCase,
  seedOpenCases,
} from '../../../scripts/bench/case-list';
import { caseListRequest } from '../../../shared/adapters/cases-api/case-filter';
import { DynamoDbCaseCommands } from '../../../shared/adapters/dynamodb/case-commands';
import { CaseListFilterError, MAX_PAGE_QUERIES } from '../../../shared/adapters/dynamodb/case-list';

/** The default queue's partitions: open's 2 shards, acknowledged, responded. */
const QUEUE_QUERIES = 4;

import { ListCasesQuery } from '../../../shared/contracts/cases-api';
import { createTestTable, type TestTable } from '../../support/emulators';

const SEEDED = 1200;
let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
  await seedOpenCases(table.client, table.tableName, SEEDED);
}, 120_000);

afterAll(async () => {
  await table.delete();
});

const seeded = Array.from({ length: SEEDED }, (_, index) => seededCase(index));
const page = (query: string) => countListPage(table.client, table.tableName, query);

/** Every page of GET /cases?<query>, the case ids in order. */
const allPages = async (query: string) => {
  const commands = new DynamoDbCaseCommands(
    DynamoDBDocumentClient.from(table.client),
    table.tableName,
  );
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const parsed = ListCasesQuery.parse(
      Object.fromEntries(new URLSearchParams(`${query}${cursor ? `&cursor=${cursor}` : ''}`)),
    );
    const listed = await commands.listCases(caseListRequest(parsed, LIST_NOW));
    ids.push(...listed.cases.map((each) => each.caseId));
    cursor = listed.cursor;
    pages += 1;
  } while (cursor);
  return { ids, pages };
};

describe('the case list at scale', () => {
  it('answers priority=P1 with every P1 case in one page of at most 5 queries', async () => {
    const p1 = seeded.filter((each) => each.priority === 'P1' && each.needsResponse);
    expect(p1.length).toBe(12);
    expect(await page('priority=P1')).toEqual({
      queries: QUEUE_QUERIES,
      batchGets: 1,
      cases: p1.length,
      cursor: false,
    });
  });

  it('answers a key filter matching nothing in one page of at most 5 queries', async () => {
    expect(await page('priority=P1&needsReply=false')).toEqual({
      queries: QUEUE_QUERIES,
      batchGets: 0,
      cases: 0,
      cursor: false,
    });
  });

  it('bounds a page of a filter the keys do not answer, and pages on to the end', async () => {
    const first = await page('brand=nobody&limit=100');
    expect(first).toMatchObject({ queries: QUEUE_QUERIES, cases: 0, cursor: true });
    expect(
      await page('brand=nobody&status=open,acknowledged,responded,resolved&needsReply=any'),
    ).toMatchObject({ queries: MAX_PAGE_QUERIES, cases: 0 });
    // Each page examines at most 5 × (limit + 1) cases: the table's 1,080 in at least 3 pages.
    const { ids, pages } = await allPages('brand=nobody&limit=100');
    expect(ids).toEqual([]);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(12);
  });

  it('pages through the queue once each, needing a reply, by priority then deadline', async () => {
    const expected = seeded
      .filter((each) => each.needsResponse)
      .sort((a, b) => (`${a.priority}#${a.sla?.dueAt}` < `${b.priority}#${b.sla?.dueAt}` ? -1 : 1))
      .map((each) => each.caseId);
    const { ids } = await allPages('limit=100');
    expect(ids).toEqual(expected);
  });

  it('pages through praise that needs no reply with amplify, the other filters on the cases read', async () => {
    const { ids } = await allPages('needsReply=false&amplify=true&limit=50');
    expect(ids).toHaveLength(seeded.filter((each) => each.amplify).length);
  });

  it("answers an agent's queue from the by-assignee index: all of it in one page, a query a status", async () => {
    const ana = seeded.filter((each) => each.assignee === 'agent-ana');
    expect(ana.length).toBe(12);
    expect(await page('assignee=agent-ana')).toEqual({
      queries: 3,
      batchGets: 1,
      cases: ana.length,
      cursor: false,
    });
    const { ids } = await allPages('assignee=agent-ben&limit=5');
    expect(new Set(ids)).toEqual(
      new Set(seeded.filter((each) => each.assignee === 'agent-ben').map((each) => each.caseId)),
    );
    expect(await page('assignee=nobody')).toEqual({
      queries: 3,
      batchGets: 0,
      cases: 0,
      cursor: false,
    });
  });

  it('refuses a combination that would take more than 5 queries a page, naming it', async () => {
    await expect(page('priority=P1,P3')).rejects.toThrow(CaseListFilterError);
    await expect(page('priority=P1,P3')).rejects.toThrow(
      'status=open,acknowledged,responded with priority=P1,P3 with needsReply=true takes 8 index queries a page',
    );
  });
});
