import { type Classification, type Priority, priorityRank } from '../../contracts/triage';
import { policyForBrand, type TriagePolicy } from './policy';
import type { AuthorHistory, DecideTriage } from './port';
import { suggestReply } from './replies';

const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];
/** Sentiment at or below which a complaint counts as severe. */
const SEVERE_FROM = -0.6;

const raised = (priority: Priority): Priority =>
  PRIORITIES[Math.max(0, priorityRank(priority) - 2)] ?? priority;
const lowered = (priority: Priority): Priority =>
  PRIORITIES[Math.min(PRIORITIES.length - 1, priorityRank(priority))] ?? priority;

/** The priority the words alone deserve, and why. */
const basePriority = (
  classification: Classification,
  policy: TriagePolicy,
): { priority: Priority; reason: string } => {
  const { urgency, intents } = classification;
  const critical = urgency.filter((signal) => policy.criticalUrgency.includes(signal));
  if (critical.length > 0) return { priority: 'P1', reason: `P1: ${critical.join(', ')}` };
  const high = urgency.filter((signal) => policy.highUrgency.includes(signal));
  if (high.length > 0) return { priority: 'P2', reason: `P2: ${high.join(', ')}` };
  if (intents.includes('spam')) return { priority: 'P4', reason: 'P4: promotion or bait' };
  if (classification.complaint) {
    const actionable = intents.includes('question') || intents.includes('request');
    if (classification.sentimentScore <= SEVERE_FROM || actionable) {
      return {
        priority: 'P2',
        reason: `P2: ${actionable ? 'a complaint that asks for help' : 'a severe complaint'}`,
      };
    }
    return { priority: 'P3', reason: 'P3: a minor complaint' };
  }
  if (intents.includes('question') || intents.includes('request')) {
    return { priority: 'P3', reason: 'P3: a question or request' };
  }
  return { priority: 'P4', reason: 'P4: nothing to resolve' };
};

const isChronic = (history: AuthorHistory, policy: TriagePolicy): boolean =>
  history.recentMentions >= policy.chronicMentions;

/**
 * Decides priority, whether a human must answer, amplification and the suggested first reply.
 * Reach and virality raise the priority; a chronic ranter venting again is recorded without
 * escalation; urgent signals always escalate. Every step adds a reason.
 */
export const decideTriage: DecideTriage = ({
  mention,
  classification,
  history,
  policy: shared,
}) => {
  const policy = policyForBrand(shared, mention.brand);
  const { intents, urgency } = classification;
  const reasons: string[] = [];

  if (mention.kind === 'brand_reply') {
    return {
      classification,
      priority: 'P4',
      needsResponse: false,
      amplify: false,
      chronic: false,
      reasons: ["the brand's own reply"],
    };
  }

  const base = basePriority(classification, policy);
  let priority = base.priority;
  reasons.push(base.reason);
  const urgent = urgency.length > 0;
  const spam = intents.includes('spam');
  const actionable =
    classification.complaint || intents.includes('question') || intents.includes('request');

  const followers = mention.author.followers ?? 0;
  const highReach = mention.author.verified === true || followers >= policy.highReachFollowers;
  const reposts = mention.metrics?.reposts ?? 0;
  const likes = mention.metrics?.likes ?? 0;
  const viral = reposts >= policy.viralReposts || likes >= policy.viralLikes;
  const chronic = isChronic(history, policy) && !urgent;

  if (!spam && (actionable || urgent)) {
    if (highReach) {
      priority = raised(priority);
      reasons.push(
        `raised: high-reach author (${mention.author.verified ? 'verified, ' : ''}${followers} followers)`,
      );
    }
    if (viral) {
      priority = raised(priority);
      reasons.push(`raised: spreading (${reposts} reposts, ${likes} likes)`);
    }
    if (!chronic && classification.complaint && history.recentMentions >= 2) {
      priority = raised(priority);
      reasons.push(
        `raised: chasing, ${history.recentMentions} mentions in ${policy.chronicWindowDays} days`,
      );
    }
  }
  const asks = intents.includes('question') || intents.includes('request');
  if (chronic) {
    // A concrete question keeps its place one level down; another rant is only recorded.
    priority = asks ? lowered(priority) : 'P4';
    reasons.push(
      `chronic: ${history.recentMentions} mentions in ${policy.chronicWindowDays} days; recorded, not escalated`,
    );
  } else if (history.totalMentions === 0) {
    reasons.push('first contact from this author');
  }

  let needsResponse: boolean;
  if (spam) {
    needsResponse = false;
    reasons.push('no reply: promotion or bait');
  } else if (urgent) {
    needsResponse = true;
  } else if (chronic) {
    // Answering a chronic ranter's venting invites more; a concrete question still gets an answer.
    needsResponse = asks;
  } else if (actionable || mention.kind === 'direct_message') {
    needsResponse = true;
  } else if (intents.includes('praise')) {
    needsResponse = policy.answerPraise;
  } else if (classification.confidence < policy.reviewBelowConfidence) {
    needsResponse = true;
    reasons.push(`unsure (confidence ${classification.confidence}): a person should look`);
  } else {
    needsResponse = highReach && classification.sentiment === 'negative';
  }
  reasons.push(needsResponse ? 'needs a response' : 'no response needed');

  const amplify = intents.includes('praise') && !classification.complaint && !spam;
  if (amplify)
    reasons.push(highReach ? 'amplify: praise from a high-reach author' : 'amplify: praise');

  const suggestedReply =
    needsResponse || amplify ? suggestReply(mention, classification, policy.replies) : undefined;
  return {
    classification,
    priority,
    needsResponse,
    amplify,
    chronic,
    reasons,
    ...(suggestedReply ? { suggestedReply } : {}),
  };
};
