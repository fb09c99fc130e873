/**
 * Brings the index attributes of cases written by an earlier release up to this one's keys: a case
 * without `by-author` attributes gets them, one whose `by-status` attributes have an earlier shape
 * (one partition per status, sorted by deadline alone) gets its shard and sort key, and an assigned
 * case without its `by-assignee` key gets it. Nothing else changes. Safe to run again and beside
 * live traffic: each update is conditional on the version read (a case rewritten meanwhile was
 * written with this release's keys), and the case's version, timeline and deadlines are left alone.
 */
import { type DynamoDBDocumentClient, paginateScan, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Case } from '../../contracts/case';
import {
  assigneeIndexAttributes,
  authorIndexAttributes,
  statusIndexAttributes,
  withWholeAuthor,
} from './case-items';
import { keys } from './table-keys';
import { failedCondition } from './transact-write-item';

export interface CaseIndexBackfill {
  /** Case items whose index attributes were missing or of an earlier shape. */
  readonly stale: number;
  /** Of those, the ones this run updated (the rest were rewritten by the product meanwhile). */
  readonly updated: number;
}

const CaseIndexSource = Case.pick({
  caseId: true,
  version: true,
  source: true,
  author: true,
  openedAt: true,
  status: true,
  needsResponse: true,
  priority: true,
  sla: true,
  assignee: true,
});

const INDEX_ATTRIBUTES = [
  'authorKey',
  'authorSort',
  'statusKey',
  'statusSort',
  'assigneeKey',
] as const;
const PROJECTED = [...Object.keys(CaseIndexSource.shape), ...INDEX_ATTRIBUTES];

export const backfillCaseIndexes = async (
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<CaseIndexBackfill> => {
  let stale = 0;
  let updated = 0;
  const pages = paginateScan(
    { client },
    {
      TableName: tableName,
      FilterExpression: 'SK = :case',
      ExpressionAttributeValues: { ':case': 'CASE' },
      // Names as placeholders: `status` is a reserved word.
      ProjectionExpression: PROJECTED.map((name) => `#${name}`).join(', '),
      ExpressionAttributeNames: Object.fromEntries(PROJECTED.map((name) => [`#${name}`, name])),
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const source = CaseIndexSource.parse(withWholeAuthor(item));
      const wanted: Partial<Record<(typeof INDEX_ATTRIBUTES)[number], string>> = {
        ...authorIndexAttributes(source),
        ...statusIndexAttributes(source),
        ...assigneeIndexAttributes(source),
      };
      if (INDEX_ATTRIBUTES.every((name) => item[name] === wanted[name])) continue;
      stale += 1;
      const set = INDEX_ATTRIBUTES.filter((name) => wanted[name] !== undefined);
      const removed = INDEX_ATTRIBUTES.filter((name) => wanted[name] === undefined);
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.case(source.caseId),
            UpdateExpression: [
              `SET ${set.map((name) => `${name} = :${name}`).join(', ')}`,
              ...(removed.length ? [`REMOVE ${removed.join(', ')}`] : []),
            ].join(' '),
            ConditionExpression: 'attribute_exists(PK) AND version = :version',
            ExpressionAttributeValues: {
              ':version': source.version,
              ...Object.fromEntries(set.map((name) => [`:${name}`, wanted[name]])),
            },
          }),
        );
        updated += 1;
      } catch (error) {
        if (!failedCondition(error)) throw error;
      }
    }
  }
  return { stale, updated };
};
