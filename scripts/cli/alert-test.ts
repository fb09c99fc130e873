/** `responder alert test --channel …`: a test alert through the real bus, rule and notifier. */
import { setTimeout as sleep } from 'node:timers/promises';
import { AlertChannel } from '../../shared/contracts/alert-channel';
import { type ApiTarget, CliError, callApi } from './api-client';

export interface TestAlertOutcome {
  readonly testId: string;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly reason?: string;
}

/**
 * Asks the API for a test alert, then polls its outcome until the notifier delivered it, failed,
 * or `timeoutSeconds` passed (a failure is reported at once: its reason is what to fix).
 */
export const sendTestAlert = async (
  target: ApiTarget,
  channel: string | undefined,
  options: { timeoutSeconds: number; pollMs?: number },
): Promise<TestAlertOutcome> => {
  const parsed = AlertChannel.safeParse(channel);
  if (!parsed.success) {
    throw new CliError(`--channel must be one of ${AlertChannel.options.join(', ')}`);
  }
  const sent = await callApi(target, 'POST', '/alerts/test', { channel: parsed.data });
  const testId = String(sent.testId);
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  for (;;) {
    const outcome = (await callApi(
      target,
      'GET',
      `/alerts/test/${encodeURIComponent(testId)}`,
    )) as unknown as TestAlertOutcome;
    if (outcome.status !== 'pending' || Date.now() > deadline) return { ...outcome, testId };
    await sleep(options.pollMs ?? 1_000);
  }
};

export const describeTestAlert = (channel: string, outcome: TestAlertOutcome): string => {
  if (outcome.status === 'delivered') return `test alert ${outcome.testId} delivered to ${channel}`;
  if (outcome.status === 'failed') {
    return `test alert ${outcome.testId} to ${channel} failed: ${outcome.reason ?? 'no reason recorded'}`;
  }
  return `test alert ${outcome.testId} to ${channel}: no outcome yet (is the notifier running? see its logs and the notify dead-letter queue)`;
};
