/**
 * Report counters summed from the case table's stream: the real triage function writes cases,
 * the local event source mapping reads DynamoDB Local's stream in tumbling windows, and the case
 * stream function adds each window once, however often Lambda delivers it.
 */
import type { AttributeValue } from 'aws-lambda';
import { createCaseStreamHandler, UnreadableCaseChangeError } from '../../../functions/case-stream';
import type { StreamFunction } from '../../../infra/local/stream-poller';
import { ReportCounterStore } from '../../../shared/adapters/dynamodb/report-counter-store';
import { summarizeReport } from '../../../shared/domain/cases/reports';
import { brandReply, refundComplaint, safetyFollowUp } from '../../fixtures/cases/mentions';
import { startTestCaseStream } from '../../support/case-stream';
import { harnessContext, received, recordOf, sqsEvent, useTriageHarness } from '../triage/support';

const harness = useTriageHarness();
const RANGE = { from: '2025-05-13T00:00:00Z', to: '2025-05-14T00:00:00Z', brand: 'acme-air' };

const report = async () => {
  const counters = new ReportCounterStore(harness.documents, harness.table.tableName);
  const items = await counters.read({
    from: new Date(RANGE.from),
    to: new Date(RANGE.to),
    brand: RANGE.brand,
  });
  return summarizeReport(RANGE, items);
};

describe('case stream function', () => {
  it('counts mentions, opened cases and first responses once, however often a window is delivered', async () => {
    for (const mention of [refundComplaint(), safetyFollowUp()]) {
      expect(
        (await harness.triage(sqsEvent(recordOf(received(mention))))).batchItemFailures,
      ).toEqual([]);
    }
    harness.clock.advance(5 * 60_000);
    await harness.triage(sqsEvent(recordOf(received(brandReply()))));
    // A redelivered mention changes nothing in the table, so nothing in the stream.
    await harness.triage(sqsEvent(recordOf(received(refundComplaint()))));

    const finals: Parameters<StreamFunction>[0][] = [];
    let failedOnce = false;
    const stream = await startTestCaseStream(
      harness.table,
      harnessContext(harness),
      (real) => async (event) => {
        const answer = await real(event);
        if (event.isFinalInvokeForWindow) finals.push(event);
        // The first invocation with records "fails" after its work (its answer lost): Lambda
        // invokes again with the same records and the state from before.
        if (!failedOnce && event.Records.length > 0) {
          failedOnce = true;
          throw new Error('the answer was lost');
        }
        return answer;
      },
    );
    await stream.drained();
    await stream.stop();

    const counted = await report();
    expect(failedOnce).toBe(true);
    expect(counted.mentions).toMatchObject({ total: 2, bySource: { x: 2 } });
    expect(counted.cases).toMatchObject({ opened: 1, responded: 1 });
    expect(counted.firstResponse.count).toBe(1);

    // Every final invocation delivered again: each counter item has added its window already.
    const again = createCaseStreamHandler(harnessContext(harness));
    for (const event of finals) await again(event);
    expect(await report()).toEqual(counted);
  });

  it('fails the invocation on a case change it cannot read, so the change is retried, never dropped', async () => {
    const stream = createCaseStreamHandler(harnessContext(harness));
    const window = {
      window: { start: '2025-05-13T10:00:00Z', end: '2025-05-13T10:01:00Z' },
      state: {},
      shardId: 'shardId-1',
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:111122223333:table/cases/stream/1',
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    };
    const change = (NewImage: Record<string, AttributeValue>) => ({
      Records: [
        {
          eventName: 'INSERT' as const,
          dynamodb: {
            SequenceNumber: '100',
            NewImage,
            StreamViewType: 'NEW_AND_OLD_IMAGES' as const,
          },
        },
      ],
      ...window,
    });
    // A case item whose status is missing does not fit the case schema.
    await expect(
      stream(change({ PK: { S: 'CASE#c1' }, SK: { S: 'CASE' }, itemType: { S: 'case' } })),
    ).rejects.toThrow(UnreadableCaseChangeError);
    // Changes to items the reports do not count are not read at all, even a value unmarshall rejects.
    await expect(
      stream(
        change({
          PK: { S: 'CASE#c1' },
          SK: { S: 'T#1' },
          itemType: { S: 'timeline' },
          detail: {} as AttributeValue,
        }),
      ),
    ).resolves.toMatchObject({ batchItemFailures: [] });
  });
});
