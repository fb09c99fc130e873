/** The event rules of a synthesized CloudFormation template, as the local bus takes them. */
import type { BusRule } from '../../infra/local/event-bus';
import type { TargetInput } from '../../infra/topology';

interface RuleTarget {
  readonly Arn: unknown;
  readonly Input?: string;
  readonly InputPath?: string;
  readonly InputTransformer?: {
    readonly InputTemplate: string;
    readonly InputPathsMap?: Record<string, string>;
  };
}

interface RuleResource {
  readonly Type: string;
  readonly Properties: {
    readonly EventPattern?: Record<string, unknown>;
    readonly Targets?: readonly RuleTarget[];
  };
}

/** What CloudFormation tells EventBridge to hand the target. */
export const targetInputOf = (target: RuleTarget): TargetInput => {
  if (target.Input !== undefined) {
    throw new Error('a constant Input is not used by the stack; the local bus does not render it');
  }
  if (target.InputTransformer) {
    return {
      kind: 'transformer',
      inputTemplate: target.InputTransformer.InputTemplate,
      inputPathsMap: target.InputTransformer.InputPathsMap,
    };
  }
  if (target.InputPath !== undefined) return { kind: 'path', inputPath: target.InputPath };
  return { kind: 'event' };
};

/**
 * Every rule with an event pattern, named by its logical id, with the pattern and the input of
 * its single target exactly as the template writes them.
 */
export const rulesFromTemplate = (template: Record<string, unknown>): BusRule[] =>
  Object.entries(template.Resources as Record<string, RuleResource>)
    .filter(([, resource]) => resource.Type === 'AWS::Events::Rule')
    .flatMap(([id, resource]) => {
      const { EventPattern: pattern, Targets: targets = [] } = resource.Properties;
      if (!pattern) return [];
      if (targets.length !== 1) throw new Error(`rule ${id} has ${targets.length} targets, not 1`);
      const [target] = targets as [RuleTarget];
      return [{ name: id, pattern, target: { input: targetInputOf(target) } }];
    });
