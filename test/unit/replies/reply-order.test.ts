import type { Reply } from '../../../shared/contracts/reply';
import { inRequestOrder } from '../../../shared/domain/replies/reply-order';

const reply = (replyId: string, requestedAt: string, overrides: Partial<Reply> = {}): Reply => ({
  replyId,
  caseId: 'c_1',
  brand: 'default',
  source: 'x',
  visibility: 'public',
  text: 'Sorry about that.',
  target: { kind: 'x_reply', inReplyToTweetId: '1' },
  inReplyToMentionId: 'x:1',
  state: 'queued',
  requestedBy: { type: 'agent', id: 'agent-7' },
  requestedAt,
  attempts: 0,
  deferrals: 0,
  ...overrides,
});

describe('inRequestOrder', () => {
  const at = '2025-05-13T09:20:00.000Z';

  it('puts the public half of take-it-private before the private one it shares its time with', () => {
    // The private reply's id sorts first, as a random id may: the link decides, not the id.
    const publicHalf = reply('r_z', at, { followUpReplyId: 'r_a' });
    const privateHalf = reply('r_a', at, { visibility: 'private', followsReplyId: 'r_z' });
    expect(inRequestOrder([privateHalf, publicHalf]).map((each) => each.replyId)).toEqual([
      'r_z',
      'r_a',
    ]);
    expect(inRequestOrder([publicHalf, privateHalf]).map((each) => each.replyId)).toEqual([
      'r_z',
      'r_a',
    ]);
  });

  it('orders by request time first, then unrelated replies of one instant by id', () => {
    const later = reply('r_0', '2025-05-13T09:21:00.000Z');
    const b = reply('r_b', at);
    const a = reply('r_a', at);
    expect(inRequestOrder([later, b, a]).map((each) => each.replyId)).toEqual([
      'r_a',
      'r_b',
      'r_0',
    ]);
  });
});
