import type { Mention } from '../../contracts/mention';
import type { HostedAnswer } from '../../domain/triage/hosted-model';

/** A hosted model that classifies one mention; throws when it cannot answer in time or in shape. */
export interface HostedTriageModel {
  ask(mention: Mention): Promise<HostedAnswer>;
}

/** The hosted model's calls per UTC day, counted where every function instance sees them. */
export interface HostedModelBudget {
  /** Takes one call from the budget of `now`'s UTC day; false when the day's budget is spent. */
  spend(now: Date, dailyBudget: number): Promise<boolean>;
}
