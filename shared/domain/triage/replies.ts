import type { Mention } from '../../contracts/mention';
import type { Classification } from '../../contracts/triage';
import { URGENCY_BY_SEVERITY } from '../../contracts/triage';
import type { ReplySituation, ReplyTemplates } from './policy';

/**
 * Built-in first replies: acknowledge publicly, then move to a private channel when account
 * details are needed. Suggestions for an agent; never posted automatically.
 */
const DEFAULT_REPLIES: Readonly<Record<ReplySituation, string>> = {
  safety:
    "Hi {name}, we're very sorry, and your safety comes first. If anyone is hurt or in danger, please contact the local emergency services now. Please send us a direct message with your contact details so our team can reach you straight away.",
  privacy:
    "Hi {name}, thank you for telling us. Please don't share any personal or account details here. Send us a direct message and our security team will look into it right away.",
  legal:
    "Hi {name}, we're sorry things have come to this. Please send us a direct message with your reference number so a senior member of our team can review your case.",
  outage:
    "Hi {name}, we're sorry for the trouble. We're aware of reports of a problem and are looking into it now; we'll post updates here as soon as we know more.",
  churn:
    "Hi {name}, we're sorry we've let you down, and we'd like the chance to put it right. Please send us a direct message so we can look into this for you.",
  press:
    'Hi {name}, thanks for getting in touch. Please send us a direct message with your contact details and deadline and our press team will get back to you.',
  complaintPrivate:
    "Hi {name}, we're sorry to hear this. Please send us a direct message with your order or booking reference (no payment details, please) so we can look into it for you.",
  complaint:
    "Hi {name}, we're sorry to hear this and we'd like to help. Could you tell us a bit more about what happened?",
  question: 'Hi {name}, thanks for asking. Let us find that out for you.',
  request:
    'Hi {name}, thanks for reaching out, we can help with that. Please send us a direct message with the details.',
  praise: 'Thank you so much, {name}! We really appreciate you taking the time to share this.',
  venting:
    "Hi {name}, we're sorry you feel this way. If there's something we can help with, we're here.",
};

/** Mentions of these mean the agent will need account details, which belong in a private channel. */
const ACCOUNT_DETAILS =
  /\b(?:order|booking|reservation|account|refund|charged?|payment|bill|billing|invoice|ticket|confirmation|delivery|parcel|package|subscription|card|claim|baggage|bag|luggage|points|miles|voucher)s?\b/i;

/** Chooses the situation a first reply should address, the most serious signal first. */
const replySituation = (
  classification: Classification,
  text: string,
): ReplySituation | undefined => {
  const { urgency, intents } = classification;
  for (const signal of URGENCY_BY_SEVERITY) {
    if (urgency.includes(signal)) return signal;
  }
  if (intents.includes('spam') || intents.includes('irrelevant')) return undefined;
  if (classification.complaint)
    return ACCOUNT_DETAILS.test(text) ? 'complaintPrivate' : 'complaint';
  if (intents.includes('request')) return 'request';
  if (intents.includes('question')) return 'question';
  if (intents.includes('praise')) return 'praise';
  if (intents.includes('venting')) return 'venting';
  return undefined;
};

/** Fills a template's `{name}` with the author's name, handle or a neutral greeting. */
const fill = (template: string, mention: Mention): string => {
  const name =
    mention.author.name ?? (mention.author.handle ? `@${mention.author.handle}` : 'there');
  return template.replaceAll('{name}', name);
};

/** The suggested first reply for a mention, in the brand's wording where it has one. */
export const suggestReply = (
  mention: Mention,
  classification: Classification,
  templates: ReplyTemplates,
): string | undefined => {
  const situation = replySituation(classification, mention.text);
  if (!situation) return undefined;
  return fill(templates[situation] ?? DEFAULT_REPLIES[situation], mention);
};
