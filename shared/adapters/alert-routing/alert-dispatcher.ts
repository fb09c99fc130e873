import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { z } from 'zod';
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
import type { HeldAlert, HeldAlertLine } from '../../domain/alerts/held-alerts';
import { DeliveryError, type Sleep } from '../alerts/http-delivery';
import { type IncidentAlert, incidentAlert } from '../alerts/incident-alert';
import { slaAlert } from '../alerts/sla-alert';
import type { HeldAlertStore } from '../dynamodb/held-alert-store';
import type { SlaStore } from '../dynamodb/sla-store';
import {
  incidentDedupKey,
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
import { NOTIFIER_ACTOR, recordOnTimeline } from './alert-timeline';

/** The event does not fit the contract its detail-type promises. */
export class NotificationInputError extends Error {
  override name = 'NotificationInputError';
}

/**
 * Takes a slot of a paced channel, shared by every notifier, and says when the channel holds its
 * alerts for a digest (see ChannelPaceStore).
 */
export interface ChannelPacer {
  reserve(
    channel: string,
    pace: ChannelPace,
    now: number,
    maxWaitMs: number,
    options?: { forDigest?: boolean },
  ): Promise<PaceReservation>;
  startHolding(channel: string, now: number): Promise<void>;
  holds(channel: string): Promise<number>;
  stopHolding(channel: string, seenHolds: number): Promise<boolean>;
}

/** The channels that are paced, where their slots are taken and their held alerts kept. */
export interface PacingDeps {
  readonly pacer: ChannelPacer;
  readonly held: Pick<HeldAlertStore, 'hold' | 'list' | 'release'>;
  readonly config: ChannelPacing;
  /** Real time in epoch ms (pacing follows the wall clock, never the business clock). */
  readonly realNow: () => number;
  readonly sleep?: Sleep;
}

export const PACED_CHANNELS = ['slack', 'pagerduty'] as const;
export type PacedChannel = (typeof PACED_CHANNELS)[number];
const isPaced = (channel: string): channel is PacedChannel =>
  (PACED_CHANNELS as readonly string[]).includes(channel);

/** The channel itself refused the alert for its rate limit (after the notifier's retries). */
export const isRateLimited = (error: unknown): boolean =>
  error instanceof DeliveryError && error.details.status === 429;

export interface Notifiers {
  readonly slack: SlackNotifier;
  readonly pagerduty: PagerDutyNotifier;
  readonly sns: SnsNotifier;
  readonly webhook: WebhookNotifier;
}

/**
 * What happened to one invocation: delivered about a case or an incident, held for the channel's
 * next digest, or skipped.
 */
export type DispatchOutcome =
  | {
      readonly status: 'delivered' | 'held';
      readonly caseId?: string;
      readonly incidentId?: string;
    }
  | { readonly status: 'skipped'; readonly reason: string };

/** What a held alert keeps: what it is about, its digest line, the channel's own message. */
type HoldDraft = Pick<HeldAlert, 'key' | 'occurredAt' | 'line' | 'payload'>;

type DeliveryPlan = {
  facts: Record<string, unknown>;
  send: () => Promise<void>;
  hold: HoldDraft;
} & ({ caseId: string } | { incidentId: string });

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
   * Waits for the channel's next slot when it is near; false when the alert is to be held (its
   * slot too far away, or the channel holding its alerts for a digest).
   */
  private async awaitSlot(channel: string): Promise<boolean> {
    const { pacing } = this.deps;
    if (!pacing || !isPaced(channel)) return true;
    const now = pacing.realNow();
    const reservation = await pacing.pacer.reserve(
      channel,
      pacing.config[channel],
      now,
      pacing.config.maxWaitSeconds * 1000,
    );
    if ('held' in reservation) return false;
    const wait = reservation.sendAt - now;
    if (wait > 0) await (pacing.sleep ?? sleepFor)(wait);
    return true;
  }

  /** Keeps the alert for the channel's next digest and holds the channel's later alerts too. */
  private async hold(
    invocation: NotifierInvocation,
    plan: DeliveryPlan,
    pacing: PacingDeps,
    now: Date,
    reason: string,
  ): Promise<DispatchOutcome> {
    const { channel, event } = invocation;
    const caseId = 'caseId' in plan ? plan.caseId : undefined;
    // First the alert, then the channel (counting the hold), so a flush that found nothing held
    // cannot let the channel send directly again before this alert has gone out.
    await pacing.held.hold({
      channel,
      eventId: event.id,
      heldAt: new Date(pacing.realNow()).toISOString(),
      ...(caseId ? { caseId } : {}),
      ...plan.hold,
    });
    await pacing.pacer.startHolding(channel, pacing.realNow());
    const record = { channel, event: event['detail-type'], eventId: event.id, ...plan.facts };
    if (caseId) {
      await recordOnTimeline(this.deps, caseId, {
        at: now.toISOString(),
        type: 'delivery_held',
        actor: NOTIFIER_ACTOR,
        detail: { ...record, reason },
      });
    }
    const subject = 'caseId' in plan ? { caseId: plan.caseId } : { incidentId: plan.incidentId };
    this.deps.logger.info('notification held for the digest', { ...subject, ...record, reason });
    return { status: 'held', ...subject };
  }

  async dispatch(invocation: NotifierInvocation, now: Date): Promise<DispatchOutcome> {
    const { channel, event } = invocation;
    const type = event['detail-type'];
    const plan = this.plan(channel, event);
    if ('skip' in plan) {
      this.deps.logger.info('notification skipped', { channel, type, reason: plan.skip });
      return { status: 'skipped', reason: plan.skip };
    }
    const { pacing } = this.deps;
    const holds = pacing && isPaced(channel) ? pacing : undefined;
    const record = { channel, event: type, eventId: event.id, ...plan.facts };
    const subject = 'caseId' in plan ? { caseId: plan.caseId } : { incidentId: plan.incidentId };
    try {
      if (!(await this.awaitSlot(channel)) && holds) {
        return await this.hold(invocation, plan, holds, now, `${channel} is at its pace`);
      }
      await plan.send();
    } catch (error) {
      if (holds && isRateLimited(error)) {
        return this.hold(invocation, plan, holds, now, `${channel} answered 429`);
      }
      this.deps.logger.error('notification failed', { ...subject, ...record, error });
      if ('caseId' in plan) {
        await recordOnTimeline(this.deps, plan.caseId, {
          at: now.toISOString(),
          type: 'delivery_failed',
          actor: NOTIFIER_ACTOR,
          detail: {
            ...record,
            reason: error instanceof Error ? error.message : String(error),
            retryable: error instanceof DeliveryError ? error.details.retryable : true,
          },
        });
      }
      throw error;
    }
    if ('caseId' in plan) {
      await recordOnTimeline(this.deps, plan.caseId, {
        at: now.toISOString(),
        type: 'delivered',
        actor: NOTIFIER_ACTOR,
        detail: record,
      });
    }
    this.deps.logger.info('notification delivered', { ...subject, ...record });
    return { status: 'delivered', ...subject };
  }

  private plan(channel: string, event: BusEvent): { skip: string } | DeliveryPlan {
    const { notifiers, publicUrl } = this.deps;
    const type = event['detail-type'];
    const stage = INCIDENT_STAGES[type];
    if (stage) {
      const detail = parse(IncidentEventDetail, event);
      if (!detail.channels.includes(channel)) {
        return { skip: `incident ${detail.incidentId} does not name ${channel}` };
      }
      const alert = incidentAlert(stage, detail, publicUrl);
      const page = pagerDutyIncidentEvent(alert);
      const send: Record<string, (() => Promise<void>) | undefined> = {
        slack: () => notifiers.slack.send(slackIncidentMessage(alert)),
        pagerduty: () => notifiers.pagerduty.send(page),
        sns: () => notifiers.sns.send(snsIncidentMessage(alert)),
        webhook: () => notifiers.webhook.send({ id: event.id, payload: webhookPayload(event) }),
      };
      const deliver = send[channel];
      if (!deliver) return { skip: `no notifier for channel ${channel}` };
      return {
        incidentId: detail.incidentId,
        facts: { stage, caseCount: detail.caseCount },
        send: deliver,
        hold: {
          key: incidentDedupKey(detail.incidentId),
          occurredAt: detail.occurredAt,
          line: heldLine(alert.headline, `${alert.brand} · ${alert.status}`, alert.incidentUrl),
          ...(channel === 'pagerduty' ? { payload: page } : {}),
        },
      };
    }
    if (SLA_TYPES.has(type)) {
      const detail = parse(SlaEventDetail, event);
      if (!detail.channels.includes(channel)) {
        return { skip: `level ${detail.level} does not name ${channel}` };
      }
      const alert = slaAlert(detail, publicUrl);
      const page = pagerDutyTrigger(alert, detail.occurredAt);
      const facts = { escalationLevel: detail.level, priority: detail.priority };
      const send: Record<string, (() => Promise<void>) | undefined> = {
        slack: () => notifiers.slack.send(slackSlaMessage(alert)),
        pagerduty: () => notifiers.pagerduty.send(page),
        sns: () => notifiers.sns.send(snsSlaMessage(alert)),
        webhook: () => notifiers.webhook.send({ id: event.id, payload: webhookPayload(event) }),
      };
      const deliver = send[channel];
      if (!deliver) return { skip: `no notifier for channel ${channel}` };
      return {
        caseId: detail.caseId,
        facts,
        send: deliver,
        hold: {
          key: detail.caseId,
          occurredAt: detail.occurredAt,
          line: heldLine(
            `${alert.priority} ${alert.headline}`,
            `${alert.author} on ${alert.source}, ${alert.overdue}: ${alert.excerpt}`,
            alert.caseUrl,
          ),
          ...(channel === 'pagerduty' ? { payload: page } : {}),
        },
      };
    }
    const followUp = PAGERDUTY_FOLLOW_UPS[type];
    if (followUp && channel === 'pagerduty') {
      const detail = parse(CaseActionDetail, event);
      if (!detail.paged) return { skip: `case ${detail.caseId} was never paged` };
      const page = pagerDutyFollowUp(followUp, detail.caseId);
      return {
        caseId: detail.caseId,
        facts: { action: followUp },
        send: () => notifiers.pagerduty.send(page),
        hold: {
          key: detail.caseId,
          occurredAt: detail.occurredAt,
          line: heldLine(`Case ${followUp}d`, detail.caseId),
          payload: page,
        },
      };
    }
    return { skip: `${type} is not delivered to ${channel}` };
  }
}

const heldLine = (title: string, detail: string, url?: string): HeldAlertLine => ({
  title,
  detail,
  ...(url ? { url } : {}),
});
