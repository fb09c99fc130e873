import { parseConfig } from '../../../shared/domain/config/responder-config';
import { policyForBrand, TriagePolicy } from '../../../shared/domain/triage/policy';

describe('TriagePolicy', () => {
  it('fills every setting with its default', () => {
    const policy = TriagePolicy.parse({});
    expect(policy).toMatchObject({
      highReachFollowers: 10_000,
      chronicMentions: 8,
      criticalUrgency: ['safety', 'legal', 'privacy'],
      answerPraise: false,
      replies: {},
      brands: {},
    });
  });

  it('names the bad field of a brand override in the configuration error', () => {
    expect(() =>
      parseConfig({ triage: { brands: { northwind: { highReachFollowers: -5 } } } }),
    ).toThrow(/triage\.brands\.northwind\.highReachFollowers/);
  });

  it('refuses a misspelt setting in a brand override instead of ignoring it', () => {
    expect(() =>
      parseConfig({ triage: { brands: { northwind: { highReachFolowers: 5 } } } }),
    ).toThrow(/triage\.brands\.northwind/);
  });

  it('refuses an unknown reply situation', () => {
    expect(TriagePolicy.safeParse({ replies: { apology: 'Sorry' } }).success).toBe(false);
  });
});

describe('policyForBrand', () => {
  const policy = TriagePolicy.parse({
    highReachFollowers: 5_000,
    replies: { question: 'Shared question reply', praise: 'Shared praise reply' },
    brands: {
      northwind: { highReachFollowers: 50_000, replies: { praise: 'Northwind praise reply' } },
    },
  });

  it('applies only the settings a brand overrides and keeps the rest', () => {
    const northwind = policyForBrand(policy, 'northwind');
    expect(northwind.highReachFollowers).toBe(50_000);
    expect(northwind.chronicMentions).toBe(8);
    expect(northwind.replies).toEqual({
      question: 'Shared question reply',
      praise: 'Northwind praise reply',
    });
  });

  it('returns the shared policy for a brand without overrides', () => {
    expect(policyForBrand(policy, 'fabrikam')).toBe(policy);
  });
});
