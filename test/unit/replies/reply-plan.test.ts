import type { Case } from '../../../shared/contracts/case';
import type { Mention } from '../../../shared/contracts/mention';
import type { Reply } from '../../../shared/contracts/reply';
import {
  answeredMention,
  planReply,
  ReplyNotPossibleError,
} from '../../../shared/domain/replies/reply-plan';
import { isEchoOf } from '../../../shared/domain/replies/reply-record';
import { takeOfflineTexts } from '../../../shared/domain/replies/reply-templates';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();

const mention = (overrides: Partial<Mention>): Mention => ({
  id: 'x:100',
  source: 'x',
  nativeId: '100',
  kind: 'mention',
  brand: 'default',
  account: '900',
  author: { id: '42', name: 'Dana', handle: 'dana' },
  text: 'my refund?',
  createdAt: hoursAgo(1),
  raw: { route: 'x', eventType: 'tweet_create_events' },
  ...overrides,
});

const subject = (overrides: Partial<Case> = {}): Case =>
  ({
    caseId: 'c_1',
    version: 3,
    brand: 'default',
    source: 'x',
    author: { key: 'x#42', id: '42', source: 'x', name: 'Dana', handle: 'dana' },
    status: 'open',
    ...overrides,
  }) as Case;

const plan = (of: Partial<Mention>, visibility: 'public' | 'private', onCase: Partial<Case> = {}) =>
  planReply({
    subject: subject(onCase),
    mention: mention(of),
    visibility,
    now: NOW,
    webhookSources: ['reviews'],
  });

const refusal = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof ReplyNotPossibleError) return error.code;
    throw error;
  }
  return undefined;
};

describe('planReply', () => {
  it('answers a tweet with a reply to it, and privately with a DM to its author', () => {
    expect(plan({}, 'public')).toEqual({ kind: 'x_reply', inReplyToTweetId: '100' });
    expect(plan({}, 'private')).toEqual({ kind: 'x_direct_message', participantId: '42' });
  });

  it('refuses a public answer to a private message, and a private one on Trustpilot', () => {
    expect(refusal(() => plan({ kind: 'direct_message' }, 'public'))).toBe(
      'visibility_not_supported',
    );
    expect(refusal(() => plan({ source: 'messenger', kind: 'direct_message' }, 'public'))).toBe(
      'visibility_not_supported',
    );
    expect(refusal(() => plan({ source: 'trustpilot', kind: 'review' }, 'private'))).toBe(
      'visibility_not_supported',
    );
  });

  it('answers Messenger with RESPONSE within 24 h, HUMAN_AGENT up to 7 days, and refuses after', () => {
    const messenger = { source: 'messenger', kind: 'direct_message' as const, account: '555' };
    expect(plan({ ...messenger, createdAt: hoursAgo(23) }, 'private')).toEqual({
      kind: 'meta_message',
      network: 'facebook',
      accountId: '555',
      recipientId: '42',
      messagingType: 'RESPONSE',
    });
    expect(plan({ ...messenger, createdAt: hoursAgo(25) }, 'private')).toMatchObject({
      messagingType: 'HUMAN_AGENT',
    });
    expect(refusal(() => plan({ ...messenger, createdAt: hoursAgo(7 * 24 + 1) }, 'private'))).toBe(
      'window_closed',
    );
  });

  it('replies under Facebook and Instagram comments, and privately to a comment within 7 days', () => {
    expect(plan({ source: 'facebook', kind: 'comment', nativeId: '1_2' }, 'public')).toEqual({
      kind: 'facebook_comment',
      objectId: '1_2',
    });
    expect(plan({ source: 'instagram', kind: 'comment', nativeId: '178' }, 'public')).toEqual({
      kind: 'instagram_comment_reply',
      commentId: '178',
    });
    expect(plan({ source: 'facebook', kind: 'comment', nativeId: '1_2' }, 'private')).toEqual({
      kind: 'meta_private_reply',
      network: 'facebook',
      accountId: '900',
      commentId: '1_2',
    });
    expect(
      refusal(() =>
        plan({ source: 'facebook', kind: 'comment', createdAt: hoursAgo(8 * 24) }, 'private'),
      ),
    ).toBe('window_closed');
  });

  it('replies to a Trustpilot review by its review id, even for an edited review', () => {
    expect(
      plan(
        { source: 'trustpilot', kind: 'review', nativeId: 'rv1#rev-2', conversationId: 'rv1' },
        'public',
      ),
    ).toEqual({ kind: 'trustpilot_review_reply', reviewId: 'rv1' });
  });

  it('sends an integration’s source through its reply URL, and refuses one without', () => {
    expect(plan({ source: 'reviews', nativeId: 'r9' }, 'public')).toMatchObject({
      kind: 'webhook',
      source: 'reviews',
      inReplyToId: 'r9',
    });
    expect(refusal(() => plan({ source: 'surveys' }, 'public'))).toBe('not_configured');
  });

  it('refuses a reply on a resolved or merged case', () => {
    expect(refusal(() => plan({}, 'public', { status: 'resolved' }))).toBe('case_closed');
    expect(refusal(() => plan({}, 'public', { mergedInto: 'c_2' }))).toBe('case_closed');
  });
});

describe('answeredMention', () => {
  it('takes the customer’s latest mention, never the brand’s own', () => {
    const first = mention({ id: 'x:1', createdAt: hoursAgo(3) });
    const latest = mention({ id: 'x:2', createdAt: hoursAgo(2) });
    const brand = mention({ id: 'x:3', kind: 'brand_reply', createdAt: hoursAgo(1) });
    expect(answeredMention([latest, brand, first]).id).toBe('x:2');
    expect(answeredMention([latest, first], 'x:1').id).toBe('x:1');
    expect(refusal(() => answeredMention([brand]))).toBe('nothing_to_answer');
  });
});

describe('isEchoOf', () => {
  const reply = {
    source: 'x',
    text: 'Sorry Dana, looking into it.',
    target: { kind: 'x_reply', inReplyToTweetId: '100' },
    attemptedAt: hoursAgo(0),
  } as Reply;

  it('matches an unknown reply by the tweet it answers and its text, ignoring X’s leading handles', () => {
    expect(
      isEchoOf(reply, {
        nativeId: '555',
        inReplyToId: '100',
        text: '@dana  Sorry Dana, looking into it.',
      }),
    ).toBe(true);
    expect(
      isEchoOf(reply, {
        nativeId: '555',
        inReplyToId: '101',
        text: 'Sorry Dana, looking into it.',
      }),
    ).toBe(false);
    expect(isEchoOf(reply, { nativeId: '555', inReplyToId: '100', text: 'Another answer' })).toBe(
      false,
    );
  });

  it('matches a sent reply by the platform’s id only', () => {
    const sent = { ...reply, platformReplyId: '555' };
    expect(isEchoOf(sent, { nativeId: '555', text: 'anything' })).toBe(true);
    expect(isEchoOf(sent, { nativeId: '556', inReplyToId: '100', text: reply.text })).toBe(false);
  });

  it('never matches a reply that was not attempted', () => {
    const { attemptedAt: _never, ...queued } = reply;
    expect(
      isEchoOf(queued as Reply, { nativeId: '555', inReplyToId: '100', text: reply.text }),
    ).toBe(false);
  });
});

describe('takeOfflineTexts', () => {
  it('uses the suggested reply publicly and the brand’s private template with the customer’s name', () => {
    const texts = takeOfflineTexts(
      { default: { private: 'Hi {name}, DM us your booking reference.' } },
      subject({ suggestedReply: 'Hi Dana, sorry! Please DM us.' }),
    );
    expect(texts).toEqual({
      public: 'Hi Dana, sorry! Please DM us.',
      private: 'Hi Dana, DM us your booking reference.',
    });
  });

  it('falls back to the built-in pair and the handle', () => {
    const texts = takeOfflineTexts(
      {},
      subject({ author: { key: 'x#1', id: '1', source: 'x', handle: 'sam' } }),
    );
    expect(texts.public).toContain('@sam');
    expect(texts.private).toContain('@sam');
  });
});
