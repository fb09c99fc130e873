/** SLA sweeper function: on a schedule, fires the escalation steps that are due. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SlaStore } from '../shared/adapters/dynamodb/sla-store';
import { EventPublisher } from '../shared/adapters/eventbridge/event-publisher';
import { METRICS } from '../shared/contracts/metrics';
import { awsRuntimeContext } from '../shared/runtime/aws-context';
import { lazyHandler, type RuntimeContext } from '../shared/runtime/context';
import { documentClientOf } from '../shared/runtime/document-client';
import { functionKit } from '../shared/runtime/function-kit';
import { SlaSweeper } from '../shared/use-cases/sla-sweeper';

export const createSlaSweeperHandler = (ctx: RuntimeContext) => {
  const kit = functionKit(ctx, 'sla-sweeper');
  const { logger, metrics } = kit;
  const documents = documentClientOf(kit);
  const sweeper = new SlaSweeper({
    store: new SlaStore(documents, ctx.env.TABLE_NAME),
    publisher: new EventPublisher(kit.client(EventBridgeClient), ctx.env.EVENT_BUS_NAME),
    policies: ctx.config.sla.policies,
    logger,
  });
  // The schedule's event carries nothing the sweep needs: the business clock says what is due.
  return kit.handler(async (_event: unknown): Promise<{ fired: number }> => {
    const fired = await sweeper.sweep(ctx.clock.now());
    for (const step of fired) {
      const metric = step.kind === 'warning' ? METRICS.slaWarnings : METRICS.slaBreaches;
      const single = metrics.singleMetric();
      single.addDimension(metric.dimension ?? 'priority', step.priority);
      single.addMetric(metric.name, MetricUnit.Count, 1);
    }
    if (fired.length > 0) logger.info('sla sweep done', { fired: fired.length });
    return { fired: fired.length };
  });
};

export const handler = lazyHandler(() => createSlaSweeperHandler(awsRuntimeContext()));
