import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MENTION_QUEUE, QUEUES } from '../../topology';

export interface EncryptedQueueProps {
  readonly queueName: string;
  readonly key: IKey;
  readonly retentionDays: number;
  readonly visibilityTimeoutSeconds?: number;
  readonly deadLetter?: { readonly queue: Queue; readonly maxReceiveCount: number };
}

/** A queue encrypted with the data key that refuses any request not made over TLS. */
export const encryptedQueue = (scope: Construct, id: string, props: EncryptedQueueProps): Queue =>
  new Queue(scope, id, {
    queueName: props.queueName,
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: props.key,
    // Data keys reused for five minutes: far fewer KMS calls per message.
    dataKeyReuse: Duration.minutes(5),
    enforceSSL: true,
    retentionPeriod: Duration.days(props.retentionDays),
    visibilityTimeout:
      props.visibilityTimeoutSeconds === undefined
        ? undefined
        : Duration.seconds(props.visibilityTimeoutSeconds),
    deadLetterQueue: props.deadLetter,
  });

export interface MentionQueueProps {
  /** Prefix of every resource name, e.g. `social-responder-prod`. */
  readonly namePrefix: string;
  readonly key: IKey;
}

/** The mentions queue between ingest and triage, and its dead-letter queue (settings from the topology). */
export class MentionQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: MentionQueueProps) {
    super(scope, id);
    this.deadLetterQueue = encryptedQueue(this, 'DeadLetterQueue', {
      queueName: `${props.namePrefix}-${QUEUES.mentionsDlq}`,
      key: props.key,
      retentionDays: 14,
    });
    this.queue = encryptedQueue(this, 'Queue', {
      queueName: `${props.namePrefix}-${QUEUES.mentions}`,
      key: props.key,
      retentionDays: MENTION_QUEUE.retentionDays,
      visibilityTimeoutSeconds: MENTION_QUEUE.visibilityTimeoutSeconds,
      deadLetter: { queue: this.deadLetterQueue, maxReceiveCount: MENTION_QUEUE.maxReceiveCount },
    });
  }
}
