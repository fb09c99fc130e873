import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { caseFromItem, caseToItem } from '../../../shared/adapters/dynamodb/case-items';
import { CaseCursorError, CaseStore } from '../../../shared/adapters/dynamodb/case-store';
import { keys } from '../../../shared/adapters/dynamodb/table-keys';
import { TriageStore } from '../../../shared/adapters/dynamodb/triage-store';
import type { Case, CaseStatus } from '../../../shared/contracts/case';
import { threadCustomerMention } from '../../../shared/domain/cases/threading';
import { DEFAULT_SLA_POLICY, SlaPolicy } from '../../../shared/domain/sla/policy';
import { complaintDecision, refundComplaint } from '../../fixtures/cases/mentions';
import { createTestTable, type TestTable } from '../../support/emulators';

let table: TestTable;
let documents: DynamoDBDocumentClient;
let store: CaseStore;

beforeAll(async () => {
  table = await createTestTable();
  documents = DynamoDBDocumentClient.from(table.client);
  store = new CaseStore(documents, table.tableName);
});
afterAll(async () => table.delete());

const slaPolicy = SlaPolicy.parse(DEFAULT_SLA_POLICY);

const openedCase = (caseId: string, priority: 'P1' | 'P2' | 'P3' | 'P4', minutes = 0): Case =>
  threadCustomerMention({
    mention: refundComplaint({ author: { id: `author-${caseId}` } }),
    decision: complaintDecision({ priority }),
    candidate: undefined,
    newCaseId: caseId,
    slaPolicy,
    threadWindowHours: 72,
    now: new Date(Date.parse('2025-05-13T09:00:00.000Z') + minutes * 60_000),
  }).case;

const put = (stored: Case) =>
  documents.send(new PutCommand({ TableName: table.tableName, Item: caseToItem(stored) }));

describe('CaseStore', () => {
  it('reads back exactly the case it was given', async () => {
    const stored = openedCase('case-roundtrip', 'P2');
    await put(stored);

    expect(await store.getCase('case-roundtrip')).toEqual(stored);
    expect(caseFromItem(caseToItem(stored))).toEqual(stored);
  });

  it('answers undefined for a case that does not exist', async () => {
    expect(await store.getCase('case-missing')).toBeUndefined();
    expect(await store.getCaseRecord('case-missing')).toBeUndefined();
  });

  const listIds = async (status: CaseStatus, limit = 25) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listCases({
        statuses: [status],
        needsReply: true,
        matches: () => true,
        limit,
        ...(cursor ? { cursor } : {}),
      });
      ids.push(...page.cases.map((listed) => listed.caseId).filter((id) => id.startsWith('list-')));
      cursor = page.cursor;
    } while (cursor);
    return ids;
  };

  it('lists open cases by priority, then earliest deadline, over the status shards, page by page', async () => {
    // P4 due in 24 h, P1 in 15 min, P3 in 4 h, P2 (opened 10 min later) in 1 h 10 min; a second
    // P1 opened 2 h later is due after the P2 and still comes before it.
    await Promise.all([
      put(openedCase('list-p4', 'P4')),
      put(openedCase('list-p1', 'P1')),
      put(openedCase('list-p3', 'P3')),
      put(openedCase('list-p2', 'P2', 10)),
      put(openedCase('list-p1-later', 'P1', 120)),
      put({ ...openedCase('list-responded', 'P1'), status: 'responded' }),
    ]);

    expect(await listIds('open', 2)).toEqual([
      'list-p1',
      'list-p1-later',
      'list-p2',
      'list-p3',
      'list-p4',
    ]);
    expect(await listIds('responded')).toEqual(['list-responded']);
  });

  it('refuses a cursor it did not hand out', async () => {
    await expect(
      store.listCases({
        statuses: ['open'],
        needsReply: true,
        matches: () => true,
        limit: 25,
        cursor: 'bm90IGEga2V5',
      }),
    ).rejects.toThrow(CaseCursorError);
  });

  it('names the item when a stored case is malformed', async () => {
    await documents.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.case('case-broken'), itemType: 'case', caseId: 'case-broken' },
      }),
    );

    await expect(store.getCase('case-broken')).rejects.toThrow(
      /case item CASE#case-broken\/CASE is invalid/,
    );
  });
});

describe('TriageStore', () => {
  it('keeps author attributes it does not own when it updates the profile', async () => {
    const triageStore = new TriageStore(documents, table.tableName);
    await documents.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.author('x', 'linked-author'),
        UpdateExpression: 'SET linkedIdentities = :links',
        ExpressionAttributeValues: { ':links': ['facebook#991'] },
      }),
    );

    expect(await triageStore.getAuthorProfile('x', 'linked-author')).toBeUndefined();
    await triageStore.commit({
      seen: { mentionId: 'x:linked-1', seenAt: '2025-05-13T09:00:00.000Z' },
      author: {
        next: {
          source: 'x',
          authorId: 'linked-author',
          version: 1,
          totalMentions: 1,
          casesOpened: 0,
          recentMentionTimes: [],
          openCases: {},
        },
      },
    });

    const item = await documents.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.author('x', 'linked-author'),
        UpdateExpression: 'SET touched = :true',
        ExpressionAttributeValues: { ':true': true },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(item.Attributes).toMatchObject({ linkedIdentities: ['facebook#991'], totalMentions: 1 });
  });
});
