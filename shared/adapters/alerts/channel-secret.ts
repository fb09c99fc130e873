import type { SecretName, SecretSource } from '../../contracts/secrets';
import { DeliveryError } from './http-delivery';

/** A channel an alert is routed to has no target configured; retrying cannot help. */
export class ChannelNotConfiguredError extends DeliveryError {
  override name = 'ChannelNotConfiguredError';
  constructor(channel: string, missing: string) {
    super(`the ${channel} channel is not configured: ${missing} is not set`, {
      retryable: false,
      attempts: 0,
    });
  }
}

/** The secret a channel needs, or ChannelNotConfiguredError naming it. */
export const channelSecret = async (
  secrets: SecretSource,
  name: SecretName,
  channel: string,
): Promise<string> => {
  const value = await secrets.get(name);
  if (value === undefined) throw new ChannelNotConfiguredError(channel, `secret ${name}`);
  return value;
};
