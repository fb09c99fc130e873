import type { SecretSource } from '../../contracts/secrets';
import { channelSecret } from '../alerts/channel-secret';
import { postJson, type RetryPolicy, type Sleep } from '../alerts/http-delivery';
import type { SlackMessage } from './slack-alert-message';

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
