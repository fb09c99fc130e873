/**
 * Case stream function: the case table's changes, a tumbling window at a time per shard, summed
 * into the report counters once each window ends.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { reportFactsOf } from '../shared/adapters/dynamodb/case-change-facts';
import { ReportWindowStore } from '../shared/adapters/dynamodb/report-window-store';
import { StreamWindowFields, type StreamWindowResponse } from '../shared/contracts/stream-window';
import { zodIssueLines } from '../shared/contracts/zod-issues';
import type { ReportFact } from '../shared/domain/cases/reports';
import { awsRuntimeContext } from '../shared/runtime/aws-context';
import { lazyHandler, type RuntimeContext } from '../shared/runtime/context';
import { documentClientOf } from '../shared/runtime/document-client';
import { functionKit } from '../shared/runtime/function-kit';
import { ReportAggregation } from '../shared/use-cases/report-aggregation';

/** The event lacks the tumbling window's fields: the event source mapping is not windowed. */
export class UnwindowedStreamEventError extends Error {
  override name = 'UnwindowedStreamEventError';
}

/** A mention or case change that cannot be read: the reports would miss it. */
export class UnreadableCaseChangeError extends Error {
  override name = 'UnreadableCaseChangeError';
}

export const createCaseStreamHandler = (ctx: RuntimeContext) => {
  const kit = functionKit(ctx, 'case-stream');
  const { logger } = kit;
  const documents = documentClientOf(kit);
  const aggregation = new ReportAggregation(new ReportWindowStore(documents, ctx.env.TABLE_NAME));

  /**
   * A change that cannot be read fails the invocation rather than being left out: the mapping
   * retries the batch, then sends it to the on-failure queue (alarm UncountedCaseChanges).
   */
  const factsOf = (record: DynamoDBRecord): ReportFact[] => {
    try {
      return reportFactsOf(record);
    } catch (error) {
      const sequenceNumber = record.dynamodb?.SequenceNumber;
      throw new UnreadableCaseChangeError(
        `case change ${sequenceNumber} cannot be counted: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  };

  return kit.handler(
    async (
      event: DynamoDBStreamEvent & Partial<StreamWindowFields>,
    ): Promise<StreamWindowResponse> => {
      const parsed = StreamWindowFields.safeParse(event);
      if (!parsed.success) {
        throw new UnwindowedStreamEventError(
          `the stream event has no tumbling window: ${zodIssueLines(parsed.error).join('; ')}`,
          { cause: parsed.error },
        );
      }
      const state = await aggregation.handle(parsed.data, event.Records.flatMap(factsOf));
      if (parsed.data.isFinalInvokeForWindow) {
        logger.info('report window added', {
          shardId: parsed.data.shardId,
          window: parsed.data.window.start,
        });
      }
      return { state, batchItemFailures: [] };
    },
  );
};

export const handler = lazyHandler(() => createCaseStreamHandler(awsRuntimeContext()));
