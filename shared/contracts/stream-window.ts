/**
 * What Lambda adds to a DynamoDB stream event when the event source mapping has a tumbling window
 * (TumblingWindowInSeconds), and what the function must answer ("Implementing stateful DynamoDB
 * stream processing in Lambda", Lambda developer guide): the window, the state the previous
 * invocation of that window returned, the shard, and whether this is the window's last invocation.
 */
import * as z from 'zod';

/** The aggregate carried from one invocation of a window to the next (at most 1 MB per shard). */
export const WindowState = z.record(z.string(), z.unknown());
export type WindowState = z.infer<typeof WindowState>;

export const StreamWindowFields = z.object({
  window: z.object({
    start: z.string().datetime({ offset: true }),
    end: z.string().datetime({ offset: true }),
  }),
  state: WindowState.default({}),
  shardId: z.string().min(1),
  eventSourceARN: z.string().min(1),
  isFinalInvokeForWindow: z.boolean(),
  isWindowTerminatedEarly: z.boolean(),
});
export type StreamWindowFields = z.infer<typeof StreamWindowFields>;

/** A function's answer to a windowed invocation: without `state` Lambda counts it as failed. */
export interface StreamWindowResponse {
  readonly state: WindowState;
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}
