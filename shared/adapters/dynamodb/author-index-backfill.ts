/**
 * Puts the cases written before the `by-author` index existed into it: every case item without
 * `authorKey` gets its index attributes, nothing else. Safe to run again and beside live traffic:
 * each update is conditional on the attributes still missing (a case rewritten meanwhile already
 * has them), and the case's version, timeline and deadlines are left alone.
 */
import { type DynamoDBDocumentClient, paginateScan, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Case } from '../../contracts/case';
import { authorIndexAttributes } from './case-items';
import { keys } from './table-keys';

export interface AuthorIndexBackfill {
  /** Case items that lacked the index attributes. */
  readonly missing: number;
  /** Of those, the ones this run updated (the rest were rewritten by the product meanwhile). */
  readonly updated: number;
}

const CaseIndexSource = Case.pick({ caseId: true, author: true, openedAt: true });

export const backfillAuthorIndex = async (
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<AuthorIndexBackfill> => {
  let missing = 0;
  let updated = 0;
  const pages = paginateScan(
    { client },
    {
      TableName: tableName,
      FilterExpression: 'SK = :case AND attribute_not_exists(authorKey)',
      ExpressionAttributeValues: { ':case': 'CASE' },
      ProjectionExpression: 'caseId, author, openedAt',
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      missing += 1;
      const source = CaseIndexSource.parse(item);
      const { authorKey, authorSort } = authorIndexAttributes(source);
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.case(source.caseId),
            UpdateExpression: 'SET authorKey = :key, authorSort = :sort',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(authorKey)',
            ExpressionAttributeValues: { ':key': authorKey, ':sort': authorSort },
          }),
        );
        updated += 1;
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException'))
          throw error;
      }
    }
  }
  return { missing, updated };
};
