/**
 * Migration: puts the cases written before the `by-author` index existed into it, so an author's
 * earlier cases (`GET /authors/{source}/{authorId}/cases`, "Other cases" in the console) include
 * them. Safe to run again and beside live traffic; the local runtime runs it at every start.
 *
 *   npm run backfill:author-index -- --table <TableName from cdk-outputs.json> [--region eu-west-1]
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backfillAuthorIndex } from '../shared/adapters/dynamodb/author-index-backfill';

const USAGE =
  'usage: npm run backfill:author-index -- --table NAME [--region REGION] [--endpoint URL]';

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
    const { missing, updated } = await backfillAuthorIndex(
      DynamoDBDocumentClient.from(client),
      values.table,
    );
    console.log(
      `${missing} case(s) were missing from the by-author index; ${updated} added, ${missing - updated} rewritten by the product meanwhile`,
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
