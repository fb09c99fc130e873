import type { SlackMessage } from '../../notifications/slack';
import type { SecretSource } from '../../runtime/secrets';
import { channelSecret } from './channel-secret';
import { postJson, type RetryPolicy, type Sleep } from './http-delivery';

/** Posts messages to the Slack incoming webhook in SLACK_WEBHOOK_URL (a secret: it grants posting). */
export class SlackNotifier {
  constructor(
    private readonly secrets: SecretSource,
    private readonly retry?: { policy?: RetryPolicy; sleep?: Sleep },
  ) {}

  async send(message: SlackMessage): Promise<void> {
    const url = await channelSecret(this.secrets, 'SLACK_WEBHOOK_URL', 'slack');
    await postJson({ url, body: message, describe: 'Slack incoming webhook', ...this.retry });
  }
}
