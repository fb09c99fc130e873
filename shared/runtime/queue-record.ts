/** The body of an SQS record read as one of the product's queue messages, or a clear refusal. */
import type { SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { zodIssueLines } from '../contracts/zod-issues';

/** A queue message that is not JSON or not of its queue's schema; it fails until it reaches the DLQ. */
export class MalformedQueueMessageError extends Error {
  override name = 'MalformedQueueMessageError';
}

/** The record's JSON body parsed by `schema`; `what` names the message in the error. */
export const parseQueueRecord = <S extends z.ZodType>(
  record: SQSRecord,
  schema: S,
  what: string,
): z.infer<S> => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch (error) {
    throw new MalformedQueueMessageError(`message ${record.messageId} is not JSON`, {
      cause: error,
    });
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new MalformedQueueMessageError(
    `message ${record.messageId} is not ${what}: ${zodIssueLines(parsed.error).join('; ')}`,
    { cause: parsed.error },
  );
};
