/**
 * Migration: gives the cases written by an earlier release this release's index attributes, so
 * the case list (`by-status`: shards, needs-a-reply and priority in the keys) and an author's
 * earlier cases (`by-author`) include them. Safe to run again and beside live traffic; the local
 * runtime runs it at every start.
 *
 *   npm run backfill:case-indexes -- --table <TableName from cdk-outputs.json> [--region eu-west-1]
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backfillCaseIndexes } from '../shared/adapters/dynamodb/case-index-backfill';

const USAGE =
  'usage: npm run backfill:case-indexes -- --table NAME [--region REGION] [--endpoint URL]';

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      table: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.table) {
    console.error(`--table is required: the cases table's name\n${USAGE}`);
    return 2;
  }
  const client = new DynamoDBClient({
    ...(values.region ? { region: values.region } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
  });
  try {
    const { stale, updated } = await backfillCaseIndexes(
      DynamoDBDocumentClient.from(client),
      values.table,
    );
    console.log(
      `${stale} case(s) had index attributes of an earlier release; ${updated} updated, ${stale - updated} rewritten by the product meanwhile`,
    );
    return 0;
  } finally {
    client.destroy();
  }
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
