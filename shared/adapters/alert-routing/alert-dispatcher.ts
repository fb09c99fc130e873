import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { z } from 'zod';
import type { TimelineEntry } from '../../contracts/case';
import {
  type BusEvent,
  CaseAcknowledged,
  CaseActionDetail,
  CaseResolved,
  CaseResponded,
  CaseSlaBreached,
  CaseSlaWarning,
  IncidentEventDetail,
  IncidentGrown,
  IncidentOpened,
  IncidentResolved,
  type NotifierInvocation,
  SlaEventDetail,
} from '../../contracts/events';
import type {
  ChannelPace,
  ChannelPacing,
  PaceReservation,
} from '../../domain/alerts/channel-pacing';
import { DeliveryError, type Sleep } from '../alerts/http-delivery';
import { type IncidentAlert, incidentAlert } from '../alerts/incident-alert';
import { slaAlert } from '../alerts/sla-alert';
import type { SlaStore } from '../dynamodb/sla-store';
import {
  pagerDutyFollowUp,
  pagerDutyIncidentEvent,
  pagerDutyTrigger,
} from '../pagerduty/pagerduty-event';
import type { PagerDutyNotifier } from '../pagerduty/pagerduty-notifier';
import { slackIncidentMessage, slackSlaMessage } from '../slack/slack-alert-message';
import type { SlackNotifier } from '../slack/slack-notifier';
import { snsIncidentMessage, snsSlaMessage } from '../sns/sns-alert-message';
import type { SnsNotifier } from '../sns/sns-notifier';
import type { WebhookNotifier } from '../webhook/webhook-notifier';
import { webhookPayload } from '../webhook/webhook-payload';

/** The event does not fit the contract its detail-type promises. */
export class NotificationInputError extends Error {
  override name = 'NotificationInputError';
}

/** Takes a slot of a paced channel, shared by every notifier (see ChannelPaceStore). */
export interface ChannelPacer {
  reserve(
    channel: string,
    pace: ChannelPace,
    now: number,
    maxWaitMs: number,
  ): Promise<PaceReservation>;
}

/** The channels that are paced, and where their slots are taken. */
export interface PacingDeps {
  readonly pacer: ChannelPacer;
  readonly config: ChannelPacing;
  /** Real time in epoch ms (pacing follows the wall clock, never the business clock). */
  readonly realNow: () => number;
  readonly sleep?: Sleep;
}

const PACED_CHANNELS = ['slack', 'pagerduty'] as const;
type PacedChannel = (typeof PACED_CHANNELS)[number];
const isPaced = (channel: string): channel is PacedChannel =>
  (PACED_CHANNELS as readonly string[]).includes(channel);

export interface Notifiers {
  readonly slack: SlackNotifier;
  readonly pagerduty: PagerDutyNotifier;
  readonly sns: SnsNotifier;
  readonly webhook: WebhookNotifier;
}

/** What happened to one invocation: delivered about a case or an incident, or skipped. */
export type DispatchOutcome =
  | { readonly status: 'delivered'; readonly caseId?: string; readonly incidentId?: string }
  | { readonly status: 'skipped'; readonly reason: string };

const NOTIFIER_ACTOR = { type: 'system', id: 'notifier' } as const;

const SLA_TYPES = new Set([CaseSlaWarning.detailType, CaseSlaBreached.detailType]);
const INCIDENT_STAGES: Record<string, IncidentAlert['stage']> = {
  [IncidentOpened.detailType]: 'opened',
  [IncidentGrown.detailType]: 'grown',
  [IncidentResolved.detailType]: 'resolved',
};
const PAGERDUTY_FOLLOW_UPS: Record<string, 'acknowledge' | 'resolve'> = {
  [CaseAcknowledged.detailType]: 'acknowledge',
  [CaseResponded.detailType]: 'resolve',
  [CaseResolved.detailType]: 'resolve',
};

const parse = <S extends z.ZodType>(schema: S, event: BusEvent): z.infer<S> => {
  const result = schema.safeParse(event.detail);
  if (result.success) return result.data;
  throw new NotificationInputError(
    `event ${event.id} (${event['detail-type']}) has a detail that does not fit its contract`,
    { cause: result.error },
  );
};

/**
 * Turns an event routed to a channel into that channel's notification and delivers it: SLA
 * warnings and levels to any channel they name; acknowledging, responding to or resolving a case
 * that was paged acknowledges or resolves its PagerDuty incident. Every delivery and every final
 * failure is recorded in the case's timeline; a failure is then thrown, so Lambda retries the
 * invocation and finally hands it to the on-failure queue.
 */
export class AlertDispatcher {
  constructor(
    private readonly deps: {
      notifiers: Notifiers;
      store: Pick<SlaStore, 'appendTimeline'>;
      publicUrl?: string;
      logger: Logger;
      /** Absent: every alert is sent at once. */
      pacing?: PacingDeps;
    },
  ) {}

  /**
   * Waits for the channel's next slot; an alert that would wait too long fails as retryable, so
   * it is tried again later instead of flooding the channel or being dropped.
   */
  private async awaitSlot(channel: string): Promise<void> {
    const { pacing } = this.deps;
    if (!pacing || !isPaced(channel)) return;
    const now = pacing.realNow();
    const reservation = await pacing.pacer.reserve(
      channel,
      pacing.config[channel],
      now,
      pacing.config.maxWaitSeconds * 1000,
    );
    if ('held' in reservation) {
      throw new DeliveryError(
        `${channel} is paced: its next free slot is in ${Math.ceil((reservation.sendAt - now) / 1000)} s, so the alert is retried later`,
        { retryable: true, attempts: 0 },
      );
    }
    const wait = reservation.sendAt - now;
    if (wait > 0) await (pacing.sleep ?? sleepFor)(wait);
  }

  async dispatch(invocation: NotifierInvocation, now: Date): Promise<DispatchOutcome> {
    const { channel, event } = invocation;
    const type = event['detail-type'];
    const plan = this.plan(channel, event);
    if ('skip' in plan) {
      this.deps.logger.info('notification skipped', { channel, type, reason: plan.skip });
      return { status: 'skipped', reason: plan.skip };
    }
    const record = { channel, event: type, eventId: event.id, ...plan.facts };
    if ('incidentId' in plan) {
      try {
        await this.awaitSlot(channel);
        await plan.send();
      } catch (error) {
        this.deps.logger.error('notification failed', {
          incidentId: plan.incidentId,
          ...record,
          error,
        });
        throw error;
      }
      this.deps.logger.info('notification delivered', { incidentId: plan.incidentId, ...record });
      return { status: 'delivered', incidentId: plan.incidentId };
    }
    try {
      await this.awaitSlot(channel);
      await plan.send();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.recordOnTimeline(plan.caseId, {
        at: now.toISOString(),
        type: 'delivery_failed',
        actor: NOTIFIER_ACTOR,
        detail: {
          ...record,
          reason,
          retryable: error instanceof DeliveryError ? error.details.retryable : true,
        },
      });
      this.deps.logger.error('notification failed', { caseId: plan.caseId, ...record, error });
      throw error;
    }
    await this.recordOnTimeline(plan.caseId, {
      at: now.toISOString(),
      type: 'delivered',
      actor: NOTIFIER_ACTOR,
      detail: record,
    });
    this.deps.logger.info('notification delivered', { caseId: plan.caseId, ...record });
    return { status: 'delivered', caseId: plan.caseId };
  }

  private plan(
    channel: string,
    event: BusEvent,
  ):
    | { skip: string }
    | { caseId: string; facts: Record<string, unknown>; send: () => Promise<void> }
    | { incidentId: string; facts: Record<string, unknown>; send: () => Promise<void> } {
    const { notifiers, publicUrl } = this.deps;
    const type = event['detail-type'];
    const stage = INCIDENT_STAGES[type];
    if (stage) {
      const detail = parse(IncidentEventDetail, event);
      if (!detail.channels.includes(channel)) {
        return { skip: `incident ${detail.incidentId} does not name ${channel}` };
      }
      const alert = incidentAlert(stage, detail, publicUrl);
      const send: Record<string, (() => Promise<void>) | undefined> = {
        slack: () => notifiers.slack.send(slackIncidentMessage(alert)),
        pagerduty: () => notifiers.pagerduty.send(pagerDutyIncidentEvent(alert)),
        sns: () => notifiers.sns.send(snsIncidentMessage(alert)),
        webhook: () => notifiers.webhook.send({ id: event.id, payload: webhookPayload(event) }),
      };
      const deliver = send[channel];
      if (!deliver) return { skip: `no notifier for channel ${channel}` };
      return {
        incidentId: detail.incidentId,
        facts: { stage, caseCount: detail.caseCount },
        send: deliver,
      };
    }
    if (SLA_TYPES.has(type)) {
      const detail = parse(SlaEventDetail, event);
      if (!detail.channels.includes(channel)) {
        return { skip: `level ${detail.level} does not name ${channel}` };
      }
      const alert = slaAlert(detail, publicUrl);
      const facts = { escalationLevel: detail.level, priority: detail.priority };
      const send: Record<string, (() => Promise<void>) | undefined> = {
        slack: () => notifiers.slack.send(slackSlaMessage(alert)),
        pagerduty: () => notifiers.pagerduty.send(pagerDutyTrigger(alert, detail.occurredAt)),
        sns: () => notifiers.sns.send(snsSlaMessage(alert)),
        webhook: () => notifiers.webhook.send({ id: event.id, payload: webhookPayload(event) }),
      };
      const deliver = send[channel];
      if (!deliver) return { skip: `no notifier for channel ${channel}` };
      return { caseId: detail.caseId, facts, send: deliver };
    }
    const followUp = PAGERDUTY_FOLLOW_UPS[type];
    if (followUp && channel === 'pagerduty') {
      const detail = parse(CaseActionDetail, event);
      if (!detail.paged) return { skip: `case ${detail.caseId} was never paged` };
      return {
        caseId: detail.caseId,
        facts: { action: followUp },
        send: () => notifiers.pagerduty.send(pagerDutyFollowUp(followUp, detail.caseId)),
      };
    }
    return { skip: `${type} is not delivered to ${channel}` };
  }

  /** A delivery happened whether or not it is recorded, so a failed record is logged, not thrown. */
  private async recordOnTimeline(caseId: string, entry: TimelineEntry): Promise<void> {
    try {
      await this.deps.store.appendTimeline(caseId, entry);
    } catch (error) {
      this.deps.logger.error('timeline entry not recorded', { caseId, entry, error });
    }
  }
}
