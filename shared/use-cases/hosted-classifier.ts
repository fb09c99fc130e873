/**
 * The built-in classifier, with a hosted model asked about the mentions it is unsure of. Any
 * failure of the hosted model (budget spent, timeout, throttling, an answer out of shape) leaves
 * the built-in result standing, and its `hostedModel` note says why.
 */
import type { Mention } from '../contracts/mention';
import {
  type HostedModelSettings,
  needsHostedModel,
  withHostedAnswer,
} from '../domain/triage/hosted-model';
import type { Classifier } from '../domain/triage/port';
import type { Clock } from './ports/clock';
import type { HostedModelBudget, HostedTriageModel } from './ports/hosted-model';

export interface HostedClassifierDeps {
  readonly builtIn: Classifier;
  readonly model: HostedTriageModel;
  readonly budget: HostedModelBudget;
  readonly settings: HostedModelSettings;
  readonly clock: Clock;
  /** Told of every failed call, to log it; the mention is classified either way. */
  readonly onFailure?: (error: unknown, mention: Mention) => void;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export const hostedClassifier = (deps: HostedClassifierDeps): Classifier => ({
  classify: async (mention) => {
    const builtIn = await deps.builtIn.classify(mention);
    const { settings } = deps;
    if (!needsHostedModel(builtIn, settings)) return builtIn;
    const kept = (why: string) => ({
      ...builtIn,
      hostedModel: `hosted model ${settings.modelId} not used: ${why}`,
    });
    try {
      if (!(await deps.budget.spend(deps.clock.now(), settings.dailyBudget))) {
        return kept(
          `today's budget of ${settings.dailyBudget} calls is spent; built-in result kept`,
        );
      }
      const answer = await deps.model.ask(mention);
      return withHostedAnswer(builtIn, answer, settings);
    } catch (error) {
      deps.onFailure?.(error, mention);
      return kept(`${messageOf(error)}; built-in result kept`);
    }
  },
});
