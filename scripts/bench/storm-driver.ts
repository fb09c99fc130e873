/**
 * A storm on loopback: many customers complain about one outage within minutes while others
 * write about unrelated things. Checks that the storm becomes one incident that alerts a handful
 * of times, that every storm case carries it, that unrelated cases still escalate on their own
 * and that nothing lands in a dead-letter queue.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/ports';
import { QUEUES } from '../../infra/topology';
import { IncidentOpened } from '../../shared/contracts/events';
import { caseIdFor } from '../../shared/use-cases/mention-triage';
import { LOAD_SOURCE, type LoadTarget, postGenericWebhook } from './load-driver';

export interface StormPlan {
  /** Complaints about the outage, one author each. */
  readonly storm: number;
  /** Mentions about other things, one author each. */
  readonly unrelated: number;
  /** The incident threshold the runtime was configured with (its first spike). */
  readonly minCount: number;
  /** Real time the storm is spread over (0: as fast as it goes). */
  readonly spreadMs: number;
  readonly concurrency: number;
  readonly settleTimeoutMs: number;
}

export interface StormReport {
  readonly acknowledged: number;
  readonly incidents: number;
  /** Real time from the threshold-crossing complaint's acknowledgement to Incident Opened. */
  readonly openedAfterThresholdMs: number;
  readonly stormCases: number;
  readonly stormCasesInIncident: number;
  /** Slack messages and PagerDuty events about the incident. */
  readonly slackMessages: number;
  readonly pagerDutyEvents: number;
  /** Everything Slack and PagerDuty received, digests of held alerts among it. */
  readonly slackTotal: number;
  readonly slackDigests: number;
  readonly pagerDutyTotal: number;
  /** Requests the Slack and PagerDuty stand-ins refused with 429. */
  readonly refused: number;
  readonly unrelatedCases: number;
  readonly unrelatedInIncident: number;
  readonly unrelatedEscalated: number;
  readonly deadLetters: Record<string, number>;
}

const OUTAGE = [
  'The app is down, I cannot log in to pay my bill',
  'Is it just me or is the website down? Nothing loads',
  'App not loading at all since this morning, what is going on',
  'Your site is down again and I need my boarding pass',
  'Nobody can log in, the whole service is offline',
];
/**
 * Unrelated complaints are built from pools of things, defects and closings whose sizes share no
 * factor, so 200 of them are all different and no salient word recurs often enough (the default
 * threshold is 20 in a window) to open an incident of its own — as a day's ordinary complaints.
 */
const THINGS = [
  'parcel',
  'invoice',
  'charger',
  'warranty claim',
  'loyalty card',
  'refund',
  'voucher',
  'subscription',
  'headphones',
  'mattress',
  'jacket',
  'blender',
  'bicycle',
  'gift card',
  'kettle',
  'suitcase',
  'printer',
];
const DEFECTS = [
  'arrived broken',
  'was charged twice',
  'never turned up',
  'is the wrong size',
  'stopped working after a week',
  'is missing a part',
  'went to a neighbour',
  'shows a higher price',
  'has a cracked handle',
  'was cancelled without notice',
  'leaks everywhere',
  'came scratched',
  'was delivered damp',
];
const CLOSINGS = [
  'please help',
  'can anyone help?',
  'help me please',
  'what do I do now?',
  'any help?',
];

/** The `index`th unrelated complaint. */
export const unrelatedText = (index: number): string =>
  `My ${THINGS[index % THINGS.length]} ${DEFECTS[index % DEFECTS.length]}, ${CLOSINGS[index % CLOSINGS.length]}`;

const mentionBody = (id: string, authorId: string, text: string, now: string) =>
  JSON.stringify({
    type: 'mention.created',
    timestamp: now,
    data: {
      id,
      source: LOAD_SOURCE,
      text,
      author: { id: authorId, name: `Customer ${authorId}`, handle: authorId },
      createdAt: now,
      url: `https://community.example.com/posts/${id}`,
    },
  });

/**
 * The configuration a storm runs with: the plan's incident threshold, everything else as shipped —
 * Slack and PagerDuty at their default pace, so the unrelated cases' alerts (moving the clock a day
 * on makes every deadline pass in the same instant) go out as a few messages and held digests.
 */
export const stormConfig = (plan: Pick<StormPlan, 'minCount'>) => ({
  incidents: { minCount: plan.minCount },
});

/** Problems the report shows against the targets; empty when the storm was handled. */
export const stormProblems = (plan: StormPlan, report: StormReport): string[] =>
  [
    report.acknowledged !== plan.storm + plan.unrelated &&
      `${plan.storm + plan.unrelated - report.acknowledged} webhooks not acknowledged`,
    report.incidents !== 1 && `${report.incidents} incidents instead of one`,
    report.openedAfterThresholdMs > 60_000 &&
      `the incident opened ${report.openedAfterThresholdMs} ms after the threshold`,
    report.stormCasesInIncident !== report.stormCases &&
      `${report.stormCases - report.stormCasesInIncident} storm cases without the incident`,
    report.slackMessages > 10 && `${report.slackMessages} Slack messages for the incident`,
    report.pagerDutyEvents > 3 && `${report.pagerDutyEvents} PagerDuty events for the incident`,
    report.unrelatedInIncident > 0 && `${report.unrelatedInIncident} unrelated cases in it`,
    report.unrelatedEscalated !== report.unrelatedCases &&
      `${report.unrelatedCases - report.unrelatedEscalated} unrelated cases did not escalate`,
    ...Object.entries(report.deadLetters)
      .filter(([, count]) => count > 0)
      .map(([queue, count]) => `${count} messages in ${queue}`),
  ].filter((problem): problem is string => typeof problem === 'string');

/**
 * Sends the storm (complaints interleaved with unrelated mentions, spread over `spreadMs`), waits
 * for every case, then moves the business clock a day on so every deadline passes, and reads
 * what reached the Slack and PagerDuty stand-ins.
 */
export const runStorm = async (target: LoadTarget, plan: StormPlan): Promise<StormReport> => {
  const { runtime } = target;
  const run = `${Date.now().toString(36)}`;
  const total = plan.storm + plan.unrelated;
  const every = Math.max(1, Math.round(total / Math.max(plan.unrelated, 1)));
  const order = Array.from({ length: total }, (_, index) =>
    index % every === every - 1 && Math.floor(index / every) < plan.unrelated ? 'other' : 'storm',
  );
  let stormSent = 0;
  let otherSent = 0;
  const planned = order.map((kind) => {
    const index = kind === 'storm' ? stormSent++ : otherSent++;
    const text = kind === 'storm' ? (OUTAGE[index % OUTAGE.length] ?? '') : unrelatedText(index);
    return { kind, authorId: `${kind}-${run}-${index}`, text };
  });

  const caseOfAuthor = new Map<string, string>();
  const unrelatedCaseIds = () =>
    planned
      .filter((mention) => mention.kind === 'other')
      .map((mention) => caseOfAuthor.get(mention.authorId))
      .filter((caseId): caseId is string => caseId !== undefined);
  /** Unrelated cases a Slack alert of their own names. */
  const escalated = () =>
    unrelatedCaseIds().filter((caseId) =>
      runtime.sink.alerts.some(
        (alert) => alert.channel === 'slack' && JSON.stringify(alert.body).includes(caseId),
      ),
    ).length;
  const incidentIds: string[] = [];
  let openedAt = 0;
  // Each author of the run posts one mention, which opens the author's case.
  const unsubscribeTriaged = target.onTriaged((mentions) => {
    for (const mention of mentions) {
      caseOfAuthor.set(mention.authorId, caseIdFor({ id: mention.mentionId }));
    }
  });
  const unsubscribe = runtime.events.subscribe((event) => {
    if (event['detail-type'] === IncidentOpened.detailType) {
      incidentIds.push((event.detail as { incidentId: string }).incidentId);
      openedAt ||= performance.now();
    }
  });

  let acknowledged = 0;
  let stormAcknowledged = 0;
  let thresholdAt = 0;
  const startedAt = performance.now();
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < planned.length; index = next++) {
      const mention = planned[index];
      if (!mention) return;
      const wait = startedAt + (index * plan.spreadMs) / planned.length - performance.now();
      if (wait > 0) await sleep(wait);
      const id = `${mention.authorId}-1`;
      const body = mentionBody(id, mention.authorId, mention.text, new Date().toISOString());
      const response = await postGenericWebhook(target, `msg_${id}`, body);
      if (response.status !== 200) continue;
      acknowledged += 1;
      if (mention.kind === 'storm' && ++stormAcknowledged === plan.minCount) {
        thresholdAt = performance.now();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: plan.concurrency }, worker));
    const settleBy = performance.now() + plan.settleTimeoutMs;
    while (caseOfAuthor.size < acknowledged && performance.now() < settleBy) await sleep(50);
    await runtime.events.settled();
    // A day on: every unrelated case is past its deadline and the sweep escalates it.
    runtime.clock.advance(25 * 3_600_000);
    while (escalated() < unrelatedCaseIds().length && performance.now() < settleBy) {
      await sleep(100);
    }
    await runtime.events.settled();
  } finally {
    unsubscribe();
    unsubscribeTriaged();
  }

  const incidentId = incidentIds[0] ?? '';
  const caseIncident = async (caseId: string): Promise<string | undefined> => {
    const response = await fetch(`${runtime.url}/cases/${encodeURIComponent(caseId)}`, {
      headers: { authorization: `Bearer ${target.operatorToken}` },
    });
    const found = (await response.json()) as { case?: { incidentId?: string } };
    return found.case?.incidentId;
  };
  /** Each case's incident, read `plan.concurrency` at a time (2,000 at once would reset sockets). */
  const incidentsOf = async (kind: string) => {
    const caseIds = planned
      .filter((mention) => mention.kind === kind)
      .map((mention) => caseOfAuthor.get(mention.authorId))
      .filter((caseId): caseId is string => caseId !== undefined);
    const found: (string | undefined)[] = [];
    let nextCase = 0;
    const reader = async () => {
      for (let index = nextCase++; index < caseIds.length; index = nextCase++) {
        found[index] = await caseIncident(caseIds[index] as string);
      }
    };
    await Promise.all(Array.from({ length: plan.concurrency }, reader));
    return found;
  };
  const stormIncidents = await incidentsOf('storm');
  const otherIncidents = await incidentsOf('other');
  const sqs = new SQSClient({
    region: LOCAL_REGION,
    endpoint: runtime.endpoints.sqs,
    credentials: LOCAL_CREDENTIALS,
  });
  const deadLetters: Record<string, number> = {};
  try {
    for (const queue of [QUEUES.mentionsDlq, QUEUES.notifyDlq]) {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      deadLetters[queue] =
        Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    }
  } finally {
    sqs.destroy();
  }
  return {
    acknowledged,
    incidents: incidentIds.length,
    openedAfterThresholdMs: Math.max(0, Math.round(openedAt - thresholdAt)),
    stormCases: stormIncidents.length,
    stormCasesInIncident: stormIncidents.filter((id) => id === incidentId && id !== '').length,
    slackMessages: runtime.sink.alerts.filter(
      (alert) => alert.channel === 'slack' && JSON.stringify(alert.body).includes(incidentId),
    ).length,
    pagerDutyEvents: runtime.sink.alerts.filter(
      (alert) =>
        alert.channel === 'pagerduty' &&
        (alert.body as { dedup_key?: string }).dedup_key === `incident:${incidentId}`,
    ).length,
    slackTotal: runtime.sink.alerts.filter((alert) => alert.channel === 'slack').length,
    slackDigests: runtime.sink.alerts.filter(
      (alert) =>
        alert.channel === 'slack' && JSON.stringify(alert.body).includes('held while Slack'),
    ).length,
    pagerDutyTotal: runtime.sink.alerts.filter((alert) => alert.channel === 'pagerduty').length,
    refused: runtime.sink.refusals.length,
    unrelatedCases: otherIncidents.length,
    unrelatedInIncident: otherIncidents.filter((id) => id !== undefined).length,
    unrelatedEscalated: escalated(),
    deadLetters,
  };
};
