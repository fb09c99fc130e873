/** Items of one table by key, up to 100 per BatchGetItem, retrying what DynamoDB leaves unprocessed. */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';

type Item = Record<string, NativeAttributeValue>;

/** The items found, in no particular order; keys with no item are left out. */
export const batchGet = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: readonly Item[],
  options: { projection?: string; consistent?: boolean } = {},
): Promise<Item[]> => {
  const found: Item[] = [];
  for (let start = 0; start < itemKeys.length; start += 100) {
    let pending: Item[] | undefined = itemKeys.slice(start, start + 100);
    while (pending?.length) {
      const result = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ...(options.projection ? { ProjectionExpression: options.projection } : {}),
              ...(options.consistent ? { ConsistentRead: true } : {}),
            },
          },
        }),
      );
      found.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined;
    }
  }
  return found;
};
