import { Duration } from 'aws-cdk-lib';
import {
  type EventPattern,
  type IEventBus,
  Rule,
  RuleTargetInput,
  type RuleTargetInputProperties,
} from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_RULES, type EventRuleSpec, type TargetInput } from '../../topology';

/** Lambda's own retries of an asynchronous invocation before the on-failure destination. */
export const NOTIFIER_ASYNC_RETRIES = 2;

/** The topology's target input as CloudFormation writes it into the rule's target. */
class TopologyTargetInput extends RuleTargetInput {
  constructor(private readonly input: TargetInput) {
    super();
  }

  bind(): RuleTargetInputProperties {
    switch (this.input.kind) {
      case 'event':
        return {};
      case 'path':
        return { inputPath: this.input.inputPath };
      case 'transformer':
        return {
          inputTemplate: this.input.inputTemplate,
          inputPathsMap: this.input.inputPathsMap ? { ...this.input.inputPathsMap } : undefined,
        };
    }
  }
}

export interface EscalationProps {
  /** The product's event bus. */
  readonly bus: IEventBus;
  /** The function every rule of the topology targets. */
  readonly notifier: IFunction;
  /** Events that EventBridge could not hand to the notifier. */
  readonly eventsDeadLetterQueue: IQueue;
  /** Invocations that still failed after the notifier's retries (QUEUES.notifyDlq). */
  readonly notifyDeadLetterQueue: IQueue;
}

/**
 * One rule on the product's bus per topology EVENT_RULES entry (pattern as written there),
 * each invoking the notifier asynchronously with its channel. Delivery failures end in a
 * dead-letter queue at both hops: the rule target, and the notifier's on-failure destination.
 */
export class Escalation extends Construct {
  readonly rules: ReadonlyMap<string, Rule>;

  constructor(scope: Construct, id: string, props: EscalationProps) {
    super(scope, id);
    this.rules = new Map(EVENT_RULES.map((spec) => [spec.name, this.addRule(spec, props)]));
    props.notifier.configureAsyncInvoke({
      retryAttempts: NOTIFIER_ASYNC_RETRIES,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(props.notifyDeadLetterQueue),
    });
  }

  private addRule(spec: EventRuleSpec, props: EscalationProps): Rule {
    return new Rule(this, `Rule-${spec.name}`, {
      eventBus: props.bus,
      description: spec.description,
      // CDK renders the pattern's keys as written, `detail-type` included.
      eventPattern: spec.pattern as EventPattern,
      targets: [
        new LambdaFunction(props.notifier, {
          event: new TopologyTargetInput(spec.target.input),
          deadLetterQueue: props.eventsDeadLetterQueue,
          maxEventAge: Duration.hours(2),
          retryAttempts: 20,
        }),
      ],
    });
  }
}
