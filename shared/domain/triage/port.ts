import type { Mention } from '../../contracts/mention';
import type { Classification, TriageDecision } from '../../contracts/triage';
import type { TriagePolicy } from './policy';

/** Classifies one mention. The built-in classifier is the default; a hosted model may replace it. */
export interface Classifier {
  classify(mention: Mention): Promise<Classification>;
}

/** What the case store knows of an author when a new mention arrives. */
export interface AuthorHistory {
  /** Customer mentions (not brand replies) within the policy's chronic window, before this one. */
  recentMentions: number;
  totalMentions: number;
  casesOpened: number;
  lastMentionAt?: string;
}

/** Turns a classification, the author's reach and history into a priority and a reply decision. */
export type DecideTriage = (input: {
  mention: Mention;
  classification: Classification;
  history: AuthorHistory;
  policy: TriagePolicy;
}) => TriageDecision;
