import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  caseFromItems,
  caseItemsOf,
  caseToItem,
} from '../../../shared/adapters/dynamodb/case-items';
import { CaseCursorError, CaseStore } from '../../../shared/adapters/dynamodb/case-store';
import {
  caseChangeWrites,
  entriesOf,
  unchangedSince,
} from '../../../shared/adapters/dynamodb/case-writes';
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
  Promise.all(
    caseItemsOf(stored).map((item) =>
      documents.send(new PutCommand({ TableName: table.tableName, Item: item })),
    ),
  );

describe('CaseStore', () => {
  it('reads back exactly the case it was given', async () => {
    const stored = openedCase('case-roundtrip', 'P2');
    await put(stored);

    expect(await store.getCase('case-roundtrip')).toEqual(stored);
    expect(caseFromItems(...caseItemsOf(stored))).toEqual(stored);
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

describe('case writes', () => {
  const rawItem = async (key: { PK: string; SK: string }) =>
    (await documents.send(new GetCommand({ TableName: table.tableName, Key: key }))).Item;
  const write = (before: Case, after: Case) =>
    documents.send(
      new TransactWriteCommand({
        TransactItems: entriesOf(
          caseChangeWrites(table.tableName, { before, after }, unchangedSince(before)),
        ),
      }),
    );

  it('keep the decision of a case an earlier release wrote in its item until the decision changes', async () => {
    const stored = openedCase('case-earlier', 'P3');
    // The earlier release: the decision and the whole author in the case item, no decision item.
    await documents.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...caseToItem(stored),
          author: JSON.parse(JSON.stringify(stored.author)),
          reasons: stored.reasons,
          suggestedReply: stored.suggestedReply,
        },
      }),
    );
    expect(await store.getCase('case-earlier')).toEqual(stored);

    const assigned: Case = { ...stored, version: stored.version + 1, assignee: 'agent-ana' };
    await write(stored, assigned);
    expect(await store.getCase('case-earlier')).toEqual(assigned);
    expect(await rawItem(keys.caseDecision('case-earlier'))).toBeUndefined();

    const raised: Case = {
      ...assigned,
      version: assigned.version + 1,
      priority: 'P1',
      reasons: [...assigned.reasons, 'safety risk mentioned'],
      suggestedReply: 'Please stop using it now; we are sending you a DM.',
    };
    await write(assigned, raised);
    expect(await store.getCase('case-earlier')).toEqual(raised);
    const caseItem = await rawItem(keys.case('case-earlier'));
    expect(caseItem).not.toHaveProperty('reasons');
    expect(caseItem).not.toHaveProperty('suggestedReply');
    expect(await rawItem(keys.caseDecision('case-earlier'))).toMatchObject({
      reasons: raised.reasons,
      suggestedReply: raised.suggestedReply,
    });
  });

  it('remove the attributes only the case as read had: a stopped clock leaves sla-due, an unassigned case by-assignee', async () => {
    const stored: Case = { ...openedCase('case-stops', 'P2'), assignee: 'agent-ana' };
    await put(stored);
    expect(await rawItem(keys.case('case-stops'))).toMatchObject({
      slaDueAt: expect.any(String),
      assigneeKey: expect.any(String),
    });
    const { assignee: _unassigned, ...rest } = stored;
    const stopped: Case = {
      ...rest,
      version: stored.version + 1,
      status: 'responded',
      sla: stored.sla && { ...stored.sla, next: undefined },
    };
    await write(stored, stopped);

    const item = await rawItem(keys.case('case-stops'));
    expect(item).not.toHaveProperty('slaDueAt');
    expect(item).not.toHaveProperty('slaShard');
    expect(item).not.toHaveProperty('assigneeKey');
    expect(await store.getCase('case-stops')).toEqual(JSON.parse(JSON.stringify(stopped)));
    // A write from a version that is no longer the case's changes nothing.
    await expect(write(stored, { ...stopped, version: stopped.version + 1 })).rejects.toThrow(
      /ConditionalCheckFailed/,
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
