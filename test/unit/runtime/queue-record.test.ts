import type { SQSRecord } from 'aws-lambda';
import { QueueMessage } from '../../../shared/contracts/queue-message';
import { ReplyQueueMessage } from '../../../shared/contracts/reply';
import { MalformedQueueMessageError, parseQueueRecord } from '../../../shared/runtime/queue-record';

/** An SQS record as Lambda delivers it (the documented SQS event example), with our body. */
const recordOf = (body: string): SQSRecord => ({
  messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
  receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1545082649183',
    SenderId: 'AIDAIENQZJOLO23YVJ4VO',
    ApproximateFirstReceiveTimestamp: '1545082649185',
  },
  messageAttributes: {},
  md5OfBody: '098f6bcd4621d373cade4e832627b4f6',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:my-queue',
  awsRegion: 'us-east-2',
});

describe('parseQueueRecord', () => {
  it('returns the message of the queue schema', () => {
    const message = { type: 'reply.send', caseId: 'c_1', replyId: 'r_1' };
    expect(
      parseQueueRecord(recordOf(JSON.stringify(message)), ReplyQueueMessage, 'a reply'),
    ).toEqual(message);
  });

  it('names the message when the body is not JSON', () => {
    const parse = () => parseQueueRecord(recordOf('{"type":'), QueueMessage, 'a queue message');
    expect(parse).toThrow(MalformedQueueMessageError);
    expect(parse).toThrow('message 059f36b4-87a3-44ab-83d2-661975830a7d is not JSON');
  });

  it('names every field the schema refuses', () => {
    const parse = () =>
      parseQueueRecord(
        recordOf('{"type":"reply.send","caseId":""}'),
        ReplyQueueMessage,
        'a reply message',
      );
    expect(parse).toThrow(MalformedQueueMessageError);
    expect(parse).toThrow(
      /^message 059f36b4-87a3-44ab-83d2-661975830a7d is not a reply message: caseId: .+; replyId: /,
    );
  });
});
