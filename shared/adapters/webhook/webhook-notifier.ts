import type { SecretSource } from '../../contracts/secrets';
import { ChannelNotConfiguredError, channelSecret } from '../alerts/channel-secret';
import { postJson, type RetryPolicy, type Sleep } from '../alerts/http-delivery';
import { signStandardWebhook } from '../platforms/generic';

/**
 * Posts alerts to the escalation webhook, signed the Standard Webhooks way with the `whsec_`
 * secret in ESCALATION_WEBHOOK_SECRET: `webhook-id` (stable across retries, so the receiver can
 * drop duplicates), `webhook-timestamp` (real time, as receivers check it against theirs) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`.
 */
export class WebhookNotifier {
  constructor(
    private readonly url: string | undefined,
    private readonly secrets: SecretSource,
    private readonly retry?: { policy?: RetryPolicy; sleep?: Sleep },
  ) {}

  async send(delivery: { id: string; payload: unknown }): Promise<void> {
    if (!this.url) {
      throw new ChannelNotConfiguredError(
        'webhook',
        'channels.webhook.url (ESCALATION_WEBHOOK_URL)',
      );
    }
    const secret = await channelSecret(this.secrets, 'ESCALATION_WEBHOOK_SECRET', 'webhook');
    await postJson({
      url: this.url,
      body: delivery.payload,
      describe: 'escalation webhook',
      headers: (_attempt, body) => {
        const timestamp = Math.floor(Date.now() / 1000);
        return {
          'webhook-id': delivery.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signStandardWebhook(secret, { id: delivery.id, timestamp, body }),
        };
      },
      ...this.retry,
    });
  }
}
