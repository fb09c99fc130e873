import type { SecretSource } from '../../contracts/secrets';
import { channelSecret } from '../alerts/channel-secret';
import { postJson, type RetryPolicy, type Sleep } from '../alerts/http-delivery';
import type { PagerDutyEvent } from './pagerduty-event';

/** Sends events to the PagerDuty Events API v2 with the routing key in PAGERDUTY_ROUTING_KEY. */
export class PagerDutyNotifier {
  constructor(
    private readonly eventsUrl: string,
    private readonly secrets: SecretSource,
    private readonly retry?: { policy?: RetryPolicy; sleep?: Sleep },
  ) {}

  async send(event: PagerDutyEvent): Promise<void> {
    const routingKey = await channelSecret(this.secrets, 'PAGERDUTY_ROUTING_KEY', 'pagerduty');
    await postJson({
      url: this.eventsUrl,
      body: { routing_key: routingKey, ...event },
      describe: 'PagerDuty Events API',
      ...this.retry,
    });
  }
}
