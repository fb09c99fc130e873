/**
 * What a million mentions cost in AWS: the calls one mention caused in the local runtime (see
 * pipeline.ts) times list prices. Prices are US East (N. Virginia), on-demand, without free tiers.
 */
import { FUNCTIONS } from '../../infra/topology';
import type { PipelineRun } from './pipeline';

/** USD list prices per unit named (checked against the AWS pricing pages). */
export const LIST_PRICES = {
  /** HTTP API, first 300 million requests a month, per request. */
  apiGatewayHttpRequest: 1.0 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  /** Arm (Graviton) functions, per GB-second. */
  lambdaArmGbSecond: 0.0000133334,
  /** Standard queue, per request (64 KB chunk). */
  sqsRequest: 0.4 / 1e6,
  /** On-demand capacity. */
  dynamoDbWriteRequestUnit: 0.625 / 1e6,
  dynamoDbReadRequestUnit: 0.125 / 1e6,
  /** Custom events, per 64 KB entry. */
  eventBridgeEvent: 1.0 / 1e6,
} as const;

export interface CostLine {
  readonly item: string;
  /** Billed units per mention. */
  readonly perMention: number;
  readonly usdPerMillionMentions: number;
}

const line = (item: string, perMention: number, price: number): CostLine => ({
  item,
  perMention: Number(perMention.toFixed(3)),
  usdPerMillionMentions: Number((perMention * price * 1e6).toFixed(2)),
});

/** Lambda bills whole milliseconds, at the configured memory. */
const gbSeconds = (invocations: number, totalMs: number, memoryMb: number): number =>
  invocations === 0
    ? 0
    : ((Math.ceil(totalMs / invocations) * invocations) / 1000) * (memoryMb / 1024);

/** Cost lines per million mentions, and their total, from one pipeline run. */
export const costPerMillionMentions = (run: PipelineRun) => {
  const mentions = Math.max(run.report.acknowledged, 1);
  const per = (value: number) => value / mentions;
  const { dynamodb, sqs, eventbridge } = run.calls;
  const sqsRequests =
    sqs.sqsChunks +
    Object.entries(sqs.operations)
      .filter(([operation]) => operation !== 'SendMessageBatch')
      .reduce((sum, [, count]) => sum + count, 0);
  const { ingest, triage } = run.invocations;
  const lines = [
    line(
      'API Gateway HTTP API requests',
      per(ingest.invocations),
      LIST_PRICES.apiGatewayHttpRequest,
    ),
    line(
      'Lambda requests (ingest + triage)',
      per(ingest.invocations + triage.invocations),
      LIST_PRICES.lambdaRequest,
    ),
    line(
      'Lambda GB-seconds (ingest + triage, Arm)',
      per(
        gbSeconds(ingest.invocations, ingest.totalMs, FUNCTIONS.ingest.memoryMb) +
          gbSeconds(triage.invocations, triage.totalMs, FUNCTIONS.triage.memoryMb),
      ),
      LIST_PRICES.lambdaArmGbSecond,
    ),
    line('SQS requests (send, receive, delete)', per(sqsRequests), LIST_PRICES.sqsRequest),
    line(
      'DynamoDB write request units',
      per(dynamodb.writeUnits),
      LIST_PRICES.dynamoDbWriteRequestUnit,
    ),
    line(
      'DynamoDB read request units',
      per(dynamodb.readUnits),
      LIST_PRICES.dynamoDbReadRequestUnit,
    ),
    line('EventBridge events', per(eventbridge.eventEntries), LIST_PRICES.eventBridgeEvent),
  ];
  const total = lines.reduce((sum, entry) => sum + entry.usdPerMillionMentions, 0);
  const rounded = (value: number) => Number(per(value).toFixed(2));
  return {
    lines,
    perMention: {
      writeUnits: rounded(dynamodb.writeUnits),
      indexWriteUnits: rounded(dynamodb.indexWriteUnits),
      readUnits: rounded(dynamodb.readUnits),
      events: rounded(eventbridge.eventEntries),
    },
    usdPerMillionMentions: Number(total.toFixed(2)),
  };
};
