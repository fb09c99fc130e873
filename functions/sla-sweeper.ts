/** SLA sweeper function: on a schedule, fires the escalation steps that are due. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SlaStore } from '../shared/adapters/dynamodb/sla-store';
import { EventPublisher } from '../shared/adapters/eventbridge/event-publisher';
import { METRICS, METRICS_NAMESPACE, METRICS_SERVICE } from '../shared/contracts/metrics';
import { awsRuntimeContext } from '../shared/runtime/aws-context';
import { lazyHandler, type RuntimeContext } from '../shared/runtime/context';
import { SlaSweeper } from '../shared/use-cases/sla-sweeper';

export const createSlaSweeperHandler = (ctx: RuntimeContext) => {
  const region = ctx.env.AWS_REGION;
  const logger = new Logger({
    serviceName: METRICS_SERVICE,
    persistentKeys: { function: 'sla-sweeper' },
  });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
  const sweeper = new SlaSweeper({
    store: new SlaStore(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region }), {
        marshallOptions: { removeUndefinedValues: true },
      }),
      ctx.env.TABLE_NAME,
    ),
    publisher: new EventPublisher(new EventBridgeClient({ region }), ctx.env.EVENT_BUS_NAME),
    policies: ctx.config.sla.policies,
    logger,
  });
  // The schedule's event carries nothing the sweep needs: the business clock says what is due.
  return async (_event: unknown): Promise<{ fired: number }> => {
    const fired = await sweeper.sweep(ctx.clock.now());
    for (const step of fired) {
      const metric = step.kind === 'warning' ? METRICS.slaWarnings : METRICS.slaBreaches;
      const single = metrics.singleMetric();
      single.addDimension(metric.dimension ?? 'priority', step.priority);
      single.addMetric(metric.name, MetricUnit.Count, 1);
    }
    if (fired.length > 0) logger.info('sla sweep done', { fired: fired.length });
    return { fired: fired.length };
  };
};

export const handler = lazyHandler(() => createSlaSweeperHandler(awsRuntimeContext()));
