import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PLATFORMS } from '../../../shared/adapters/platforms/registry';
import {
  type BusinessMetric,
  METRICS,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
} from '../../../shared/contracts/metrics';
import { Priority } from '../../../shared/contracts/triage';
import { ESCALATION_CHANNELS, type FunctionName, SCHEDULES } from '../../topology';

export interface ObservabilityProps {
  readonly dashboardName: string;
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  readonly api: HttpApi;
  readonly mentionQueue: IQueue;
  /** Dead-letter queues by what their messages are, e.g. `MentionsDeadLetters`. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  /** Encrypts the operations topic. */
  readonly key: IKey;
  /** Subscribed to the operations topic when set. */
  readonly alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/** One line per value of the metric's dimension, whatever values the functions emit. */
const businessMetric = (metric: BusinessMetric, statistic: string, label: string): IMetric => {
  const dimensions = ['service', ...(metric.dimension ? [metric.dimension] : [])].join(',');
  return new MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},${dimensions}} MetricName="${metric.name}"', '${statistic}', 300)`,
    label,
    period: FIVE_MINUTES,
  });
};

/** Every value a metric dimension takes, so an alarm can watch each one (alarms cannot SEARCH). */
const DIMENSION_VALUES: Readonly<
  Record<NonNullable<BusinessMetric['dimension']>, readonly string[]>
> = {
  channel: ESCALATION_CHANNELS,
  priority: Priority.options,
  source: [...PLATFORMS.keys()],
};

/** The metric as the functions emit it: the `service` dimension, plus `dimension: value` if any. */
const emittedMetric = (metric: BusinessMetric, value?: string): Metric =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: metric.name,
    dimensionsMap: {
      service: METRICS_SERVICE,
      ...(metric.dimension && value !== undefined ? { [metric.dimension]: value } : {}),
    },
    statistic: 'Sum',
    period: FIVE_MINUTES,
  });

/**
 * Alarms on everything that can fail quietly, sent to an operations SNS topic, and one dashboard
 * with the business figures (mentions, cases by priority, SLA breaches, time to first response)
 * above the technical ones.
 */
export class Observability extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: ReadonlyMap<string, Alarm>;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Social responder operations alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    const alarms = new Map<string, Alarm>();
    const alarm = (name: string, description: string, metric: IMetric, options: AlarmRule) => {
      const created = new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold: options.threshold,
        comparisonOperator:
          options.below === true
            ? ComparisonOperator.LESS_THAN_THRESHOLD
            : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(this.alarmTopic));
      created.addOkAction(new SnsAction(this.alarmTopic));
      alarms.set(name, created);
    };

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        name,
        `Messages in ${name}: inspect them and redrive once the cause is fixed`,
        queue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }),
        { threshold: 1 },
      );
    }
    alarm(
      'MentionsBacklog',
      'The oldest mention has waited 5 minutes for triage: cases are opening late',
      props.mentionQueue.metricApproximateAgeOfOldestMessage({
        statistic: 'Maximum',
        period: FIVE_MINUTES,
      }),
      { threshold: 300 },
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${pascal(name)}Errors`,
        `The ${name} function failed (unhandled error or timeout)`,
        fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
        { threshold: 1 },
      );
    }
    alarm(
      'Ingest5xx',
      'The API answered 5xx: platforms retry, but mentions are delayed or lost once they give up',
      props.api.metricServerError({ statistic: 'Sum', period: FIVE_MINUTES }),
      { threshold: 1 },
    );
    for (const schedule of SCHEDULES) {
      alarm(
        `${pascal(schedule.name)}NotRunning`,
        `The ${schedule.function} function has not run for 5 minutes: no SLA step can fire`,
        props.functions[schedule.function].metricInvocations({
          statistic: 'Sum',
          period: FIVE_MINUTES,
        }),
        { threshold: 1, below: true, missing: TreatMissingData.BREACHING },
      );
    }
    for (const metric of Object.values(METRICS as Record<string, BusinessMetric>)) {
      if (!metric.alarm) continue;
      const values = metric.dimension ? DIMENSION_VALUES[metric.dimension] : [undefined];
      for (const value of values) {
        alarm(
          `${metric.name}${value === undefined ? '' : pascal(value)}`,
          value === undefined ? metric.alarm : `${metric.alarm} (${metric.dimension} ${value})`,
          emittedMetric(metric, value),
          { threshold: 1 },
        );
      }
    }
    this.alarms = alarms;
    this.allowAlarmsToPublish([...alarms.values()]);

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(1),
    });
    const graph = (title: string, metrics: IMetric[], width = 8) =>
      new GraphWidget({ title, left: metrics, width, height: 6 });
    const perFunction = (pick: (fn: IFunction) => Metric) =>
      Object.entries(props.functions).map(([name, fn]) => pick(fn).with({ label: name }));
    this.dashboard.addWidgets(
      new TextWidget({ markdown: '# Customers', width: 24, height: 1 }),
      graph('Mentions received by source', [
        businessMetric(METRICS.mentionsReceived, 'Sum', 'mentions'),
      ]),
      graph('Cases opened by priority', [businessMetric(METRICS.casesOpened, 'Sum', 'cases')]),
      graph('SLA breaches by priority', [businessMetric(METRICS.slaBreaches, 'Sum', 'breaches')]),
      graph('Time to first response, median (s)', [
        businessMetric(METRICS.firstResponseSeconds, 'p50', 'median'),
      ]),
      graph('Time to first response, p90 (s)', [
        businessMetric(METRICS.firstResponseSeconds, 'p90', 'p90'),
      ]),
      graph('Alerts delivered / failed by channel', [
        businessMetric(METRICS.alertsDelivered, 'Sum', 'delivered'),
        businessMetric(METRICS.alertDeliveryFailures, 'Sum', 'failed'),
      ]),
      new TextWidget({ markdown: '# System', width: 24, height: 1 }),
      new AlarmStatusWidget({ title: 'Alarms', alarms: [...alarms.values()], width: 24 }),
      graph('API requests, 4xx, 5xx', [
        props.api.metricCount({ statistic: 'Sum' }),
        props.api.metricClientError({ statistic: 'Sum' }),
        props.api.metricServerError({ statistic: 'Sum' }),
      ]),
      graph(
        'Function errors',
        perFunction((fn) => fn.metricErrors({ statistic: 'Sum' })),
      ),
      graph(
        'Function duration p99',
        perFunction((fn) => fn.metricDuration({ statistic: 'p99' })),
      ),
      graph('Mentions queue', [
        props.mentionQueue.metricApproximateNumberOfMessagesVisible({ label: 'waiting' }),
        props.mentionQueue.metricApproximateAgeOfOldestMessage({ label: 'oldest (s)' }),
      ]),
      graph(
        'Dead-letter queues',
        Object.entries(props.deadLetterQueues).map(([name, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ label: name }),
        ),
      ),
      graph(
        'Throttles',
        perFunction((fn) => fn.metricThrottles({ statistic: 'Sum' })),
      ),
    );
  }

  /**
   * A topic policy replaces SNS's default one, so CloudWatch may publish only if it says so: for
   * each alarm of this construct, named by `aws:SourceArn`. (The stack lets CloudWatch use the
   * topic's key.)
   */
  private allowAlarmsToPublish(alarms: readonly Alarm[]): void {
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: { ArnEquals: { 'aws:SourceArn': alarms.map((alarm) => alarm.alarmArn) } },
      }),
    );
  }
}

interface AlarmRule {
  readonly threshold: number;
  /** Alarm when the value falls below the threshold instead of reaching it. */
  readonly below?: boolean;
  readonly missing?: TreatMissingData;
}

const pascal = (name: string): string =>
  name
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
