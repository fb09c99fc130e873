import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FunctionName, SCHEDULES } from '../../topology';

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

export interface SchedulesProps {
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  /** Scheduled invocations EventBridge could not deliver. */
  readonly deadLetterQueue: IQueue;
}

/**
 * One EventBridge schedule per topology SCHEDULES entry (the SLA sweep). A missed tick is not
 * retried for long: the next tick a minute later does the same work.
 */
export class Schedules extends Construct {
  readonly rules: ReadonlyMap<string, Rule>;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.rules = new Map(
      SCHEDULES.map((spec) => {
        if (spec.everySeconds % 60 !== 0) {
          throw new ScheduleError(
            `schedule ${spec.name} runs every ${spec.everySeconds} s; EventBridge schedules run in whole minutes`,
          );
        }
        const rule = new Rule(this, `Schedule-${spec.name}`, {
          description: `${spec.name} every ${spec.everySeconds / 60} minute(s)`,
          schedule: Schedule.rate(Duration.seconds(spec.everySeconds)),
          targets: [
            new LambdaFunction(props.functions[spec.function], {
              deadLetterQueue: props.deadLetterQueue,
              retryAttempts: 2,
              maxEventAge: Duration.minutes(1),
            }),
          ],
        });
        return [spec.name, rule] as const;
      }),
    );
  }
}
