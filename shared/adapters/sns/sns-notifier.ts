import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { ChannelNotConfiguredError } from '../alerts/channel-secret';
import { DeliveryError } from '../alerts/http-delivery';

/** Publishes short alerts to the SNS topic email and SMS subscribers follow (the SDK retries). */
export class SnsNotifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string | undefined,
  ) {}

  async send(message: { subject: string; message: string }): Promise<void> {
    if (!this.topicArn) throw new ChannelNotConfiguredError('sns', 'channels.sns.topicArn');
    try {
      await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: message.subject,
          Message: message.message,
        }),
      );
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
        ?.httpStatusCode;
      throw new DeliveryError(`SNS refused the notification: ${(error as Error).message}`, {
        retryable: status === undefined || status === 429 || status >= 500,
        status,
        attempts: 1,
        cause: error,
      });
    }
  }
}
