import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Logger } from '@aws-lambda-powertools/logger';
import { digestsOf, groupHeldAlerts, type HeldGroup } from '../../domain/alerts/held-alerts';
import { type Lease, LeaseUnavailableError } from '../../use-cases/ports/lease';
import type { SlaStore } from '../dynamodb/sla-store';
import { type PagerDutyEvent, pagerDutyHeldUpdate } from '../pagerduty/pagerduty-event';
import { SLACK_DIGEST_GROUPS, slackHeldDigest } from '../slack/slack-alert-message';
import {
  isRateLimited,
  type Notifiers,
  PACED_CHANNELS,
  type PacedChannel,
  type PacingDeps,
} from './alert-dispatcher';
import { NOTIFIER_ACTOR, recordOnTimeline } from './alert-timeline';

/** What one flush did on one channel. */
export interface FlushOutcome {
  readonly channel: PacedChannel;
  /** Messages sent (Slack digests, PagerDuty events). */
  readonly messages: number;
  /** Held alerts those messages carried. */
  readonly alerts: number;
  /** Held alerts still waiting for a later flush. */
  readonly left: number;
  /** The channel refused a message for another reason than its rate limit. */
  readonly failed: boolean;
}

/** One message of a flush and the held alerts it carries. */
interface Batch {
  readonly groups: readonly HeldGroup[];
  send(): Promise<void>;
}

/**
 * Sends what paced channels held, grouped, on a schedule (every minute): Slack gets one digest
 * message for up to SLACK_DIGEST_GROUPS cases or incidents, PagerDuty one event per `dedup_key`
 * (the newest held for it). Each message takes the channel's next slot as any alert does, waiting
 * at most until `budgetMs` after the flush began; what does not fit, or what the channel refuses,
 * stays held for the next flush, so nothing is dropped and nothing reaches a dead-letter queue.
 * Once a channel holds nothing, its alerts take slots of their own again. One flush at a time per
 * channel (a lease), so two overlapping runs never send a digest twice.
 */
export class HeldAlertFlusher {
  constructor(
    private readonly deps: {
      notifiers: Pick<Notifiers, 'slack' | 'pagerduty'>;
      pacing: PacingDeps;
      lease: Lease;
      store: Pick<SlaStore, 'appendTimeline'>;
      logger: Logger;
      /** How long a flush may wait for the channel's slots, in ms. */
      budgetMs: number;
    },
  ) {}

  async flush(now: Date): Promise<FlushOutcome[]> {
    const outcomes: FlushOutcome[] = [];
    for (const channel of PACED_CHANNELS) {
      const outcome = await this.deps.lease
        .hold(`held-alerts:${channel}`, () => this.flushChannel(channel, now))
        .catch((error: unknown) => {
          if (error instanceof LeaseUnavailableError) return undefined;
          throw error;
        });
      if (outcome) outcomes.push(outcome);
    }
    return outcomes;
  }

  private batches(channel: PacedChannel, groups: readonly HeldGroup[]): Batch[] {
    const { notifiers } = this.deps;
    if (channel === 'slack') {
      return digestsOf(groups, SLACK_DIGEST_GROUPS).map((digest) => ({
        groups: digest,
        send: () => notifiers.slack.send(slackHeldDigest(digest)),
      }));
    }
    return groups.map((group) => ({
      groups: [group],
      send: () => notifiers.pagerduty.send(pagerDutyHeldUpdate(group as HeldGroup<PagerDutyEvent>)),
    }));
  }

  private async flushChannel(channel: PacedChannel, now: Date): Promise<FlushOutcome> {
    const { pacing, logger } = this.deps;
    const deadline = pacing.realNow() + this.deps.budgetMs;
    let messages = 0;
    let alerts = 0;
    // Alerts held while this flush was sending go out in it too; the channel stops holding only
    // when no alert was held between the count read before a list that came back empty and now.
    for (;;) {
      const seenHolds = await pacing.pacer.holds(channel);
      const held = await pacing.held.list(channel);
      if (held.length === 0 && (await pacing.pacer.stopHolding(channel, seenHolds))) break;
      for (const batch of this.batches(channel, groupHeldAlerts(held))) {
        const sent = await this.sendBatch(channel, batch, deadline, now);
        if (sent !== 'sent') {
          const left = (await pacing.held.list(channel)).length;
          logger.info('held alerts wait for the next flush', { channel, messages, alerts, left });
          return { channel, messages, alerts, left, failed: sent === 'failed' };
        }
        messages += 1;
        alerts += batch.groups.reduce((sum, group) => sum + group.alerts.length, 0);
      }
    }
    if (messages > 0) logger.info('held alerts sent', { channel, messages, alerts });
    return { channel, messages, alerts, left: 0, failed: false };
  }

  /** Sends one message in the channel's next slot, unless it has to wait for a later flush. */
  private async sendBatch(
    channel: PacedChannel,
    batch: Batch,
    deadline: number,
    now: Date,
  ): Promise<'sent' | 'later' | 'failed'> {
    const { pacing, logger } = this.deps;
    const askedAt = pacing.realNow();
    const reservation = await pacing.pacer.reserve(
      channel,
      pacing.config[channel],
      askedAt,
      Math.max(0, deadline - askedAt),
      { forDigest: true },
    );
    if ('held' in reservation) return 'later';
    const wait = reservation.sendAt - askedAt;
    if (wait > 0) await (pacing.sleep ?? sleepFor)(wait);
    const carried = batch.groups.flatMap((group) => group.alerts);
    try {
      await batch.send();
    } catch (error) {
      // Kept held: the next flush tries again. A refusal other than the rate limit is an error.
      if (isRateLimited(error)) {
        logger.warn('digest refused for the rate limit', { channel });
        return 'later';
      }
      logger.error('digest failed', { channel, alerts: carried.length, error });
      return 'failed';
    }
    await pacing.held.release(carried);
    for (const alert of carried) {
      if (!alert.caseId) continue;
      await recordOnTimeline(this.deps, alert.caseId, {
        at: now.toISOString(),
        type: 'delivered',
        actor: NOTIFIER_ACTOR,
        detail: { channel, eventId: alert.eventId, heldAt: alert.heldAt, digest: true },
      });
    }
    return 'sent';
  }
}
