import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MENTION_QUEUE, QUEUES, REPLY_QUEUE } from '../../topology';

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

/** The work queues of the topology: the queue, its dead-letter queue and their settings. */
const WORK_QUEUES = {
  mentions: { name: QUEUES.mentions, deadLetterName: QUEUES.mentionsDlq, settings: MENTION_QUEUE },
  replies: { name: QUEUES.replies, deadLetterName: QUEUES.repliesDlq, settings: REPLY_QUEUE },
} as const;

export interface WorkQueueProps {
  /** Prefix of every resource name, e.g. `social-responder-prod`. */
  readonly namePrefix: string;
  readonly key: IKey;
  /** Which queue of the topology: mentions (ingest → triage) or replies (API → reply sender). */
  readonly of: keyof typeof WORK_QUEUES;
}

/** A work queue and its dead-letter queue, with the settings of the topology. */
export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    const { name, deadLetterName, settings } = WORK_QUEUES[props.of];
    this.deadLetterQueue = encryptedQueue(this, 'DeadLetterQueue', {
      queueName: `${props.namePrefix}-${deadLetterName}`,
      key: props.key,
      retentionDays: 14,
    });
    this.queue = encryptedQueue(this, 'Queue', {
      queueName: `${props.namePrefix}-${name}`,
      key: props.key,
      retentionDays: settings.retentionDays,
      visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
      deadLetter: { queue: this.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });
  }
}
