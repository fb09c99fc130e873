/** Reads every record a table's stream holds, shard by shard, parents before their children. */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { listShards } from '../../infra/local/stream-poller';

export class TableStreamError extends Error {
  override name = 'TableStreamError';
}

/** The ARN of a table's stream; throws when the table has none. */
export const streamArnOf = async (client: DynamoDBClient, tableName: string): Promise<string> => {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn) throw new TableStreamError(`table ${tableName} has no stream`);
  return Table.LatestStreamArn;
};

const parentsFirst = (shards: readonly Shard[]): Shard[] => {
  const ids = new Set(shards.map((shard) => shard.ShardId));
  const ordered: Shard[] = [];
  const visit = (shard: Shard) => {
    if (ordered.includes(shard)) return;
    const parent = shards.find((candidate) => candidate.ShardId === shard.ParentShardId);
    if (parent && ids.has(parent.ShardId)) visit(parent);
    ordered.push(shard);
  };
  for (const shard of shards) visit(shard);
  return ordered;
};

/** Every record from the trim horizon to the current end of each shard. */
export const readWholeStream = async (
  client: DynamoDBStreamsClient,
  streamArn: string,
): Promise<StreamRecord[]> => {
  const shards = await listShards(client, streamArn);
  const records: StreamRecord[] = [];
  for (const shard of parentsFirst(shards)) {
    let { ShardIterator: iterator } = await client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (iterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      const found = page.Records ?? [];
      records.push(...found);
      // An open shard always hands out a next iterator: its end is a page with no records.
      iterator = found.length === 0 ? undefined : page.NextShardIterator;
    }
  }
  return records;
};
