/** Updates the Slack message of a button press through the interaction's `response_url`. */

import { postJson, type RetryPolicy } from '../alerts/http-delivery';
import type { SlackMessageUpdate } from './slack-actions';

/**
 * Slack waits 3 s for the answer to a button press and the update is sent before it: one quick
 * retry at most, so a slow Slack cannot make the press itself time out.
 */
const RESPONSE_URL_POLICY: RetryPolicy = {
  maxAttempts: 2,
  baseDelayMs: 100,
  maxDelayMs: 200,
  timeoutMs: 1_000,
};

/** Posts message updates to `response_url`s; throws DeliveryError when Slack does not take one. */
export class SlackResponder {
  async replaceMessage(responseUrl: string, message: SlackMessageUpdate): Promise<void> {
    await postJson({
      url: responseUrl,
      body: message,
      describe: 'the Slack response_url',
      policy: RESPONSE_URL_POLICY,
    });
  }
}
