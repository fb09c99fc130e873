/**
 * An author's cases through the `by-author` index in DynamoDB Local: newest first across linked
 * identities, a page at a time, and the backfill that puts cases written before the index into it.
 */
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbCaseCommands } from '../../../shared/adapters/dynamodb/case-commands';
import { backfillCaseIndexes } from '../../../shared/adapters/dynamodb/case-index-backfill';
import { caseItemsOf, caseToItem } from '../../../shared/adapters/dynamodb/case-items';
import { CaseCursorError } from '../../../shared/adapters/dynamodb/case-store';
import type { Case } from '../../../shared/contracts/case';
import { threadCustomerMention } from '../../../shared/domain/cases/threading';
import { DEFAULT_SLA_POLICY, SlaPolicy } from '../../../shared/domain/sla/policy';
import { complaintDecision, refundComplaint } from '../../fixtures/cases/mentions';
import { createTestTable, type TestTable } from '../../support/emulators';

let table: TestTable;
let documents: DynamoDBDocumentClient;
let commands: DynamoDbCaseCommands;

beforeAll(async () => {
  table = await createTestTable();
  documents = DynamoDBDocumentClient.from(table.client);
  commands = new DynamoDbCaseCommands(documents, table.tableName);
});
afterAll(async () => table.delete());

const slaPolicy = SlaPolicy.parse(DEFAULT_SLA_POLICY);

/** A case of `authorId` on `source`, opened `minutes` after 09:00. */
const caseOf = (caseId: string, source: 'x' | 'facebook', authorId: string, minutes: number) =>
  threadCustomerMention({
    mention: refundComplaint({ source, author: { id: authorId } }),
    decision: complaintDecision({ priority: 'P3' }),
    candidate: undefined,
    newCaseId: caseId,
    slaPolicy,
    threadWindowHours: 72,
    now: new Date(Date.parse('2025-05-13T09:00:00.000Z') + minutes * 60_000),
  }).case;

const put = (item: Record<string, unknown>) =>
  documents.send(new PutCommand({ TableName: table.tableName, Item: item }));

/** Both items of a case as this release writes them. */
const putCase = (stored: Case) => Promise.all(caseItemsOf(stored).map(put));

/**
 * A case as an earlier release wrote it: no `by-author` keys, `by-status` unsharded, by deadline,
 * its decision and whole author in the case item.
 */
const itemOfAnEarlierRelease = (stored: Case) => {
  const { authorKey: _key, authorSort: _sort, assigneeKey: _agent, ...item } = caseToItem(stored);
  return {
    ...item,
    author: JSON.parse(JSON.stringify(stored.author)),
    reasons: stored.reasons,
    ...(stored.suggestedReply ? { suggestedReply: stored.suggestedReply } : {}),
    statusKey: `STATUS#${stored.status}`,
    statusSort: `${stored.sla?.dueAt ?? '9999'}#${stored.caseId}`,
  };
};

const listedOpenIds = async (assignee?: string) =>
  (
    await commands.listCases({
      statuses: ['open'],
      needsReply: true,
      ...(assignee ? { assignee } : {}),
      matches: () => true,
      limit: 100,
    })
  ).cases.map((each) => each.caseId);

const allPages = async (authors: string[], limit: number) => {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await commands.listByAuthors(authors, { limit, ...(cursor ? { cursor } : {}) });
    pages.push(page.cases.map((each) => each.caseId));
    cursor = page.cursor;
  } while (cursor);
  return pages;
};

describe("an author's cases", () => {
  it('pages newest first across linked identities, every case once', async () => {
    // Interleaved in time across the two identities; another customer's case in between.
    await Promise.all(
      [
        caseOf('pg-x-1', 'x', 'pg-kai', 1),
        caseOf('pg-fb-2', 'facebook', 'pg-kai-fb', 2),
        caseOf('pg-x-3', 'x', 'pg-kai', 3),
        caseOf('pg-other', 'x', 'pg-someone-else', 4),
        caseOf('pg-fb-5', 'facebook', 'pg-kai-fb', 5),
        caseOf('pg-x-6', 'x', 'pg-kai', 6),
      ].map(putCase),
    );
    const authors = ['x#pg-kai', 'facebook#pg-kai-fb'];
    expect(await allPages(authors, 2)).toEqual([
      ['pg-x-6', 'pg-fb-5'],
      ['pg-x-3', 'pg-fb-2'],
      ['pg-x-1'],
    ]);
    expect(await allPages(authors, 5)).toEqual([
      ['pg-x-6', 'pg-fb-5', 'pg-x-3', 'pg-fb-2', 'pg-x-1'],
    ]);
    // Exactly a page: no cursor to an empty page.
    expect(await allPages(['x#pg-kai'], 3)).toEqual([['pg-x-6', 'pg-x-3', 'pg-x-1']]);
  });

  it('refuses a cursor it did not hand out', async () => {
    await expect(
      commands.listByAuthors(['x#pg-kai'], { limit: 2, cursor: 'not-a-cursor' }),
    ).rejects.toThrow(CaseCursorError);
  });

  it('lists cases written by an earlier release once the backfill ran, and the backfill changes nothing else', async () => {
    const old = { ...caseOf('bf-old', 'x', 'bf-dana', 1), assignee: 'agent-bf' };
    const recent = caseOf('bf-new', 'x', 'bf-dana', 2);
    await put(itemOfAnEarlierRelease(old));
    await putCase(recent);
    const before = await commands.listByAuthors(['x#bf-dana'], { limit: 10 });
    expect(before.cases.map((each) => each.caseId)).toEqual(['bf-new']);
    expect(await listedOpenIds()).not.toContain('bf-old');
    expect(await listedOpenIds('agent-bf')).toEqual([]);

    const first = await backfillCaseIndexes(documents, table.tableName);
    expect(first.updated).toBeGreaterThanOrEqual(1);
    expect(first.stale).toBe(first.updated);
    const after = await commands.listByAuthors(['x#bf-dana'], { limit: 10 });
    expect(after.cases.map((each) => each.caseId)).toEqual(['bf-new', 'bf-old']);
    expect(await listedOpenIds()).toEqual(expect.arrayContaining(['bf-new', 'bf-old']));
    expect(await listedOpenIds('agent-bf')).toEqual(['bf-old']);
    expect(await commands.getCase('bf-old')).toEqual(old);

    expect(await backfillCaseIndexes(documents, table.tableName)).toEqual({
      stale: 0,
      updated: 0,
    });
  });
});
