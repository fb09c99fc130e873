import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Observability } from '../../infra/aws/constructs/observability';
import { ESCALATION_CHANNELS, FUNCTIONS, type FunctionName } from '../../infra/topology';
import {
  type BusinessMetric,
  METRICS,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
} from '../../shared/contracts/metrics';

type Alarm = { Properties: Record<string, unknown> };

/** The construct alone in a stack, with stand-in functions: no bundling, synthesized in a second. */
const synthObservability = (): Template => {
  const stack = new Stack(new App(), 'ObservabilityOnly');
  const functions = Object.fromEntries(
    (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [
      name,
      new LambdaFunction(stack, name, {
        runtime: Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: Code.fromInline('exports.handler = async () => {};'),
      }),
    ]),
  ) as Record<FunctionName, LambdaFunction>;
  new Observability(stack, 'Observability', {
    dashboardName: 'responder-test',
    functions,
    api: new HttpApi(stack, 'Api'),
    mentionQueue: new Queue(stack, 'Mentions'),
    deadLetterQueues: { MentionsDeadLetters: new Queue(stack, 'MentionsDlq') },
    key: new Key(stack, 'Key'),
  });
  return Template.fromStack(stack);
};

let template: Template;
beforeAll(() => {
  template = synthObservability();
});

const topicId = (): string => {
  const [id] = Object.keys(template.findResources('AWS::SNS::Topic'));
  if (!id) throw new Error('no operations topic');
  return id;
};

const alarmsOn = (metricName: string): Alarm[] =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
    (alarm) => (alarm as Alarm).Properties.MetricName === metricName,
  ) as Alarm[];

const alarmedMetrics = (Object.values(METRICS) as BusinessMetric[]).filter(
  (metric) => metric.alarm !== undefined,
);

describe('Observability', () => {
  it('alarms on the first unpublished case event, to the operations topic', () => {
    const alarms = alarmsOn(METRICS.caseEventsUnpublished.name);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.Properties).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId() }],
      OKActions: [{ Ref: topicId() }],
    });
  });

  it('alarms on failed deliveries once per escalation channel, with the dimensions the notifier emits', () => {
    const alarms = alarmsOn(METRICS.alertDeliveryFailures.name);
    const channels = alarms.map((alarm) => {
      const dimensions = Object.fromEntries(
        (alarm.Properties.Dimensions as { Name: string; Value: string }[]).map((dimension) => [
          dimension.Name,
          dimension.Value,
        ]),
      );
      expect(Object.keys(dimensions).sort()).toEqual(['channel', 'service']);
      expect(dimensions.service).toBe(METRICS_SERVICE);
      expect(alarm.Properties).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        Threshold: 1,
        AlarmActions: [{ Ref: topicId() }],
      });
      return dimensions.channel;
    });
    expect(channels.sort()).toEqual([...ESCALATION_CHANNELS].sort());
  });

  it('gives every metric marked for alarms an alarm that explains it', () => {
    expect(alarmedMetrics.map((metric) => metric.name).sort()).toEqual([
      METRICS.alertDeliveryFailures.name,
      METRICS.caseEventsUnpublished.name,
    ]);
    for (const metric of alarmedMetrics) {
      const alarms = alarmsOn(metric.name);
      expect(alarms.length).toBeGreaterThan(0);
      for (const alarm of alarms) {
        expect(String(alarm.Properties.AlarmDescription)).toContain(metric.alarm);
      }
    }
  });

  it('raises no alarm on metrics that count normal business', () => {
    for (const metric of Object.values(METRICS) as BusinessMetric[]) {
      if (metric.alarm === undefined) expect(alarmsOn(metric.name)).toEqual([]);
    }
  });
});
