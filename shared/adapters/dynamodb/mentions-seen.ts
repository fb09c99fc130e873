/** Which mentions triage already recorded: their `mention seen` items, read in batches. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGet } from './batch-get';
import { keys } from './table-keys';

export class MentionsSeen {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The ids among `mentionIds` that triage has recorded. */
  async recorded(mentionIds: readonly string[]): Promise<ReadonlySet<string>> {
    const unique = [...new Set(mentionIds)];
    const items = await batchGet(
      this.client,
      this.tableName,
      unique.map((id) => keys.mentionSeen(id)),
      { projection: 'PK' },
    );
    const prefix = keys.mentionSeen('').PK;
    return new Set(items.map((item) => String(item.PK).slice(prefix.length)));
  }
}
