import type { Classification } from '../../../shared/contracts/triage';
import { classifyMention } from '../../../shared/domain/triage/classifier';
import { decideTriage } from '../../../shared/domain/triage/decide';
import { TriagePolicy } from '../../../shared/domain/triage/policy';
import type { AuthorHistory } from '../../../shared/domain/triage/port';
import { mentionWith } from './support';

const policy = TriagePolicy.parse({});
const freshAuthor: AuthorHistory = { recentMentions: 0, totalMentions: 0, casesOpened: 0 };

const decide = (
  text: string,
  options: {
    history?: AuthorHistory;
    policy?: TriagePolicy;
    mention?: Parameters<typeof mentionWith>[0];
  } = {},
) => {
  const mention = mentionWith({ text, ...options.mention });
  return decideTriage({
    mention,
    classification: classifyMention(mention),
    history: options.history ?? freshAuthor,
    policy: options.policy ?? policy,
  });
};

describe('decideTriage', () => {
  it('makes a safety report P1 and asks for a response with a safety-first reply', () => {
    const decision = decide(
      '@Fabrikam the charger you sold me caught fire, there was smoke everywhere',
    );
    expect(decision.priority).toBe('P1');
    expect(decision.needsResponse).toBe(true);
    expect(decision.reasons).toContain('P1: safety');
    expect(decision.suggestedReply).toContain('emergency services');
  });

  it('makes a minor complaint P3 and a complaint that asks for help P2', () => {
    expect(decide('@NorthwindAir the coffee on board was cold again').priority).toBe('P3');
    expect(decide('@NorthwindAir my bag is missing, can you help me find it?').priority).toBe('P2');
  });

  it('raises the priority of a high-reach author and says why', () => {
    const author = { id: '99', name: 'Sam Okafor', followers: 250_000, verified: true };
    const decision = decide('@NorthwindAir the coffee on board was cold again', {
      mention: { author },
    });
    expect(decision.priority).toBe('P2');
    expect(decision.reasons).toContain('raised: high-reach author (verified, 250000 followers)');
  });

  it('raises the priority of a spreading post', () => {
    const decision = decide('@NorthwindAir the coffee on board was cold again', {
      mention: { metrics: { reposts: 400, likes: 3000 } },
    });
    expect(decision.priority).toBe('P2');
    expect(decision.reasons.some((reason) => reason.startsWith('raised: spreading'))).toBe(true);
  });

  it('raises a customer chasing a problem they already reported', () => {
    const history = { recentMentions: 3, totalMentions: 3, casesOpened: 1 };
    const decision = decide('@NorthwindAir the coffee on board was cold again', { history });
    expect(decision.priority).toBe('P2');
    expect(decision.chronic).toBe(false);
  });

  it('records a chronic ranter venting again without escalating or asking for a reply', () => {
    const history = { recentMentions: 12, totalMentions: 80, casesOpened: 9 };
    const decision = decide('@ContosoBank worst bank ever, I hate you all', { history });
    expect(decision.chronic).toBe(true);
    expect(decision.needsResponse).toBe(false);
    expect(decision.priority).toBe('P4');
    expect(decision.reasons).toContain('chronic: 12 mentions in 7 days; recorded, not escalated');
  });

  it('still escalates an urgent report from a chronic author', () => {
    const history = { recentMentions: 12, totalMentions: 80, casesOpened: 9 };
    const decision = decide('@ContosoBank my account was hacked and there are fraudulent charges', {
      history,
    });
    expect(decision.chronic).toBe(false);
    expect(decision.priority).toBe('P1');
    expect(decision.needsResponse).toBe(true);
  });

  it('flags praise for amplification without asking for a reply by default', () => {
    const decision = decide('@NorthwindAir the crew on NW88 were brilliant, thank you!');
    expect(decision.amplify).toBe(true);
    expect(decision.needsResponse).toBe(false);
    expect(decision.priority).toBe('P4');
    expect(decision.suggestedReply).toBe(
      'Thank you so much, Dana Reyes! We really appreciate you taking the time to share this.',
    );
  });

  it('asks a person to look at a mention it cannot read', () => {
    const decision = decide('荷物がまだ届きません');
    expect(decision.needsResponse).toBe(true);
    expect(decision.reasons.some((reason) => reason.startsWith('unsure'))).toBe(true);
  });

  it('never asks to answer spam', () => {
    const decision = decide('@Fabrikam follow me for free followers, link in bio');
    expect(decision.needsResponse).toBe(false);
    expect(decision.priority).toBe('P4');
    expect(decision.suggestedReply).toBeUndefined();
  });

  it("does not triage the brand's own reply", () => {
    const decision = decide('Sorry to hear that, please DM us', {
      mention: { kind: 'brand_reply' },
    });
    expect(decision).toMatchObject({ priority: 'P4', needsResponse: false, amplify: false });
  });

  it('moves a complaint that needs account details to a private channel', () => {
    const decision = decide('@NorthwindAir still waiting for my refund, booking ref QX7T2L');
    expect(decision.suggestedReply).toBe(
      "Hi Dana Reyes, we're sorry to hear this. Please send us a direct message with your order or booking reference (no payment details, please) so we can look into it for you.",
    );
  });

  it("uses a brand's own policy and reply wording", () => {
    const branded = TriagePolicy.parse({
      brands: {
        northwind: {
          answerPraise: true,
          replies: { praise: 'Thanks {name}, see you on board soon!' },
        },
      },
    });
    const decision = decide('@NorthwindAir the crew were brilliant, thank you!', {
      policy: branded,
    });
    expect(decision.needsResponse).toBe(true);
    expect(decision.suggestedReply).toBe('Thanks Dana Reyes, see you on board soon!');
  });

  it('keeps the classification it was given', () => {
    const mention = mentionWith();
    const classification: Classification = { ...classifyMention(mention), urgency: ['legal'] };
    const decision = decideTriage({ mention, classification, history: freshAuthor, policy });
    expect(decision.classification).toBe(classification);
    expect(decision.priority).toBe('P1');
  });
});
