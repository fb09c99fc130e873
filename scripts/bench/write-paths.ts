/**
 * What each triage path costs, one mention at a time: a mention that opens a case, a follow-up
 * that joins it, and a follow-up that raises its priority. Each mention is posted alone and
 * billed alone (its requests and the stream records its writes left), so the figures are exact
 * per path rather than averaged over a mix.
 */
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { localDynamoDbClient, localStreamsClient } from '../../infra/local/dynamodb';
import { LOCAL_TABLE_NAME } from '../../infra/local/runtime';
import { CASE_TABLE } from '../../infra/topology';
import { AwsCallCounter } from './aws-calls';
import { LOAD_SOURCE, postGenericWebhook } from './load-driver';
import { startLoadRuntime } from './load-runtime';
import { readWholeStream, streamArnOf } from './table-stream';

export interface PathCost {
  readonly path: 'new case' | 'follow-up' | 'priority raise';
  readonly writeUnits: number;
  readonly indexWriteUnits: number;
  readonly readUnits: number;
  readonly events: number;
}

const MENTIONS: readonly { path: PathCost['path']; text: string }[] = [
  { path: 'new case', text: '@Acme my order has not arrived yet, can you check?' },
  { path: 'follow-up', text: '@Acme any news on my order? still waiting' },
  {
    path: 'priority raise',
    text: '@Acme this is a disgrace, you charged me twice and ignore me. I will call my lawyer and report you',
  },
];

/** Posts the three mentions of one author, one after another, and bills each alone. */
export const measureWritePaths = async (): Promise<PathCost[]> => {
  const target = await startLoadRuntime();
  const { runtime } = target;
  const client = localDynamoDbClient(runtime.endpoints.dynamodb);
  const streams: DynamoDBStreamsClient = localStreamsClient(runtime.endpoints.dynamodb);
  const results: PathCost[] = [];
  try {
    const streamArn = await streamArnOf(client, LOCAL_TABLE_NAME);
    let recordsSeen = 0;
    for (const [index, mention] of MENTIONS.entries()) {
      const counter = new AwsCallCounter({
        dynamodb: runtime.endpoints.dynamodb,
        sqs: runtime.endpoints.sqs,
        eventbridge: runtime.endpoints.eventBridge,
      });
      const committed = new Promise<void>((resolve) => {
        const unsubscribe = target.onTriaged((mentions) => {
          if (mentions.some((stored) => stored.authorId === 'path-author')) {
            unsubscribe();
            resolve();
          }
        });
      });
      counter.start();
      await post(target, `path-${index}`, mention.text);
      await committed;
      await runtime.events.settled();
      counter.stop();
      const records = await readWholeStream(streams, streamArn);
      counter.billWrites(records.slice(recordsSeen), CASE_TABLE.indexes);
      recordsSeen = records.length;
      const { dynamodb, eventbridge } = counter.services;
      results.push({
        path: mention.path,
        writeUnits: dynamodb.writeUnits,
        indexWriteUnits: dynamodb.indexWriteUnits,
        readUnits: dynamodb.readUnits,
        events: eventbridge.eventEntries,
      });
    }
    return results;
  } finally {
    client.destroy();
    streams.destroy();
    await target.stop();
  }
};

const post = async (
  target: Awaited<ReturnType<typeof startLoadRuntime>>,
  nativeId: string,
  text: string,
): Promise<void> => {
  const now = new Date().toISOString();
  const body = JSON.stringify({
    type: 'mention.created',
    timestamp: now,
    data: {
      id: nativeId,
      source: LOAD_SOURCE,
      text,
      author: { id: 'path-author', name: 'Dana', handle: 'dana', followers: 300 },
      conversationId: 'path-conversation',
      createdAt: now,
      url: `https://community.example.com/posts/${nativeId}`,
    },
  });
  const response = await postGenericWebhook(target, `msg_${nativeId}`, body);
  if (!response.ok) throw new Error(`the webhook for ${nativeId} was answered ${response.status}`);
};
