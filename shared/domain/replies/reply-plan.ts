/**
 * Where a reply from a case goes: publicly where the customer posted, or privately to them, by
 * what each platform allows. Pure: the platform calls live in the adapters.
 */
import type { Case } from '../../contracts/case';
import type { Mention } from '../../contracts/mention';
import type { ReplyTarget, ReplyVisibility } from '../../contracts/reply';

/** A mention a reply can answer; its text is not needed (and is gone once its author deleted it). */
export type AnswerableMention = Omit<Mention, 'text'>;

const HOUR_MS = 3_600_000;
/** Meta's standard messaging window: a `RESPONSE` within 24 hours of the customer's message. */
export const META_RESPONSE_WINDOW_MS = 24 * HOUR_MS;
/** The `HUMAN_AGENT` tag lets a person answer up to 7 days after the customer's message. */
export const META_HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR_MS;
/** A private reply to a Facebook or Instagram comment is allowed within 7 days of the comment. */
export const META_PRIVATE_REPLY_WINDOW_MS = 7 * 24 * HOUR_MS;

/** Sources the product has an outbound client for; any other source replies through a webhook. */
export const PLATFORM_SOURCES = ['x', 'facebook', 'messenger', 'instagram', 'trustpilot'] as const;

export type ReplyRefusalCode =
  | 'visibility_not_supported'
  | 'window_closed'
  | 'not_configured'
  | 'nothing_to_answer'
  | 'case_closed';

/** The reply cannot be sent as asked; the message says why and what to do instead. */
export class ReplyNotPossibleError extends Error {
  override name = 'ReplyNotPossibleError';
  constructor(
    readonly code: ReplyRefusalCode,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (code: ReplyRefusalCode, message: string): never => {
  throw new ReplyNotPossibleError(code, message);
};

/** The customer mention a reply answers: the one named, else the latest from the customer. */
export const answeredMention = <M extends AnswerableMention>(
  mentions: readonly M[],
  mentionId?: string,
): M => {
  if (mentionId !== undefined) {
    const named = mentions.find((mention) => mention.id === mentionId);
    if (!named) return refuse('nothing_to_answer', `the case has no mention ${mentionId}`);
    return named;
  }
  const fromCustomer = mentions
    .filter((mention) => mention.kind !== 'brand_reply')
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const latest = fromCustomer[fromCustomer.length - 1];
  if (!latest) return refuse('nothing_to_answer', 'the case has no customer mention to answer');
  return latest;
};

const requireAccount = (mention: AnswerableMention): string =>
  mention.account ??
  refuse(
    'not_configured',
    `mention ${mention.id} does not name the brand's ${mention.source} account, so there is no account to reply from`,
  );

/** Messenger and Instagram direct messages: within 24 h a response, up to 7 days a human agent's. */
const metaMessage = (
  network: 'facebook' | 'instagram',
  mention: AnswerableMention,
  now: Date,
): ReplyTarget => {
  const age = now.getTime() - Date.parse(mention.createdAt);
  if (age > META_HUMAN_AGENT_WINDOW_MS) {
    refuse(
      'window_closed',
      `the customer's last message is ${Math.floor(age / (24 * HOUR_MS))} days old; ${network === 'facebook' ? 'Messenger' : 'Instagram'} lets a brand answer only within 7 days of it, so wait for the customer to write again`,
    );
  }
  return {
    kind: 'meta_message',
    network,
    accountId: requireAccount(mention),
    recipientId: mention.author.id,
    messagingType: age <= META_RESPONSE_WINDOW_MS ? 'RESPONSE' : 'HUMAN_AGENT',
  };
};

const metaPrivateReply = (
  network: 'facebook' | 'instagram',
  mention: AnswerableMention,
  now: Date,
): ReplyTarget => {
  const age = now.getTime() - Date.parse(mention.createdAt);
  if (age > META_PRIVATE_REPLY_WINDOW_MS) {
    refuse(
      'window_closed',
      `the comment is ${Math.floor(age / (24 * HOUR_MS))} days old; a private reply to a comment is allowed only within 7 days of it`,
    );
  }
  return {
    kind: 'meta_private_reply',
    network,
    accountId: requireAccount(mention),
    commentId: mention.nativeId,
  };
};

const publicOnly = (where: string): never =>
  refuse('visibility_not_supported', `${where} has no private messages; reply publicly`);
const privateOnly = (where: string): never =>
  refuse(
    'visibility_not_supported',
    `the customer wrote a ${where}, which is private; reply privately`,
  );

/**
 * Decides where a reply goes. Throws ReplyNotPossibleError when the platform does not allow it
 * (a public answer to a direct message, a private one on Trustpilot, a closed messaging window).
 */
export const planReply = (input: {
  readonly subject: Case;
  readonly mention: AnswerableMention;
  readonly visibility: ReplyVisibility;
  readonly now: Date;
  /** Sources that reply through a webhook: those with a reply URL configured. */
  readonly webhookSources: readonly string[];
}): ReplyTarget => {
  const { subject, mention, visibility, now } = input;
  if (subject.mergedInto) {
    refuse(
      'case_closed',
      `case ${subject.caseId} was merged into ${subject.mergedInto}; reply there`,
    );
  }
  if (subject.status === 'resolved') {
    refuse('case_closed', `case ${subject.caseId} is resolved; reopen it before replying`);
  }
  const isPrivate = visibility === 'private';
  switch (mention.source) {
    case 'x':
      if (mention.kind === 'direct_message') {
        return isPrivate
          ? { kind: 'x_direct_message', participantId: mention.author.id }
          : privateOnly('direct message on X');
      }
      return isPrivate
        ? { kind: 'x_direct_message', participantId: mention.author.id }
        : { kind: 'x_reply', inReplyToTweetId: mention.nativeId };
    case 'facebook':
      if (!isPrivate) return { kind: 'facebook_comment', objectId: mention.nativeId };
      if (mention.kind !== 'comment') {
        refuse(
          'visibility_not_supported',
          'Facebook allows a private reply to a comment, not to a post; reply publicly and ask the customer to message the page',
        );
      }
      return metaPrivateReply('facebook', mention, now);
    case 'messenger':
      return isPrivate ? metaMessage('facebook', mention, now) : privateOnly('Messenger message');
    case 'instagram':
      if (mention.kind === 'direct_message') {
        return isPrivate
          ? metaMessage('instagram', mention, now)
          : privateOnly('Instagram message');
      }
      if (mention.kind !== 'comment') {
        refuse(
          'visibility_not_supported',
          'Instagram lets a brand answer comments on its own media; this mention tags the brand elsewhere, so answer it on Instagram',
        );
      }
      return isPrivate
        ? metaPrivateReply('instagram', mention, now)
        : { kind: 'instagram_comment_reply', commentId: mention.nativeId };
    case 'trustpilot':
      return isPrivate
        ? publicOnly('Trustpilot')
        : { kind: 'trustpilot_review_reply', reviewId: mention.conversationId ?? mention.nativeId };
    default:
      if (!input.webhookSources.includes(mention.source)) {
        refuse(
          'not_configured',
          `no reply URL is configured for source ${mention.source} (replies.webhookUrls.${mention.source})`,
        );
      }
      return {
        kind: 'webhook',
        source: mention.source,
        inReplyToId: mention.nativeId,
        authorId: mention.author.id,
        ...(mention.conversationId ? { conversationId: mention.conversationId } : {}),
      };
  }
};
