import {
  authorHistoryOf,
  nextAuthorProfile,
  profileCounts,
  recentMentionsKept,
} from '../../../shared/domain/cases/author-history';
import { TriagePolicy } from '../../../shared/domain/triage/policy';
import { refundComplaint } from '../../fixtures/cases/mentions';

const policy = TriagePolicy.parse({});
const DAY = 86_400_000;
const at = (days: number) =>
  new Date(Date.parse('2025-05-13T09:00:00.000Z') + days * DAY).toISOString();
const mentionAt = (days: number, conversationId?: string) =>
  refundComplaint({ id: `x:${days}`, nativeId: String(days), createdAt: at(days), conversationId });

describe('authorHistoryOf', () => {
  it('reports no history for an author seen for the first time', () => {
    expect(authorHistoryOf(undefined, mentionAt(0), policy)).toEqual({
      recentMentions: 0,
      totalMentions: 0,
      casesOpened: 0,
    });
  });

  it('counts only the mentions within the chronic window before this one', () => {
    let profile = nextAuthorProfile({
      previous: undefined,
      mention: mentionAt(0),
      caseId: 'c1',
      opened: true,
      policy,
    });
    profile = nextAuthorProfile({
      previous: profile,
      mention: mentionAt(5),
      caseId: 'c1',
      opened: false,
      policy,
    });
    profile = nextAuthorProfile({
      previous: profile,
      mention: mentionAt(9),
      caseId: 'c1',
      opened: false,
      policy,
    });

    expect(authorHistoryOf(profile, mentionAt(10), policy)).toEqual({
      recentMentions: 2,
      totalMentions: 3,
      casesOpened: 1,
      lastMentionAt: at(9),
    });
  });
});

describe('nextAuthorProfile of a chronic ranter', () => {
  it('keeps only as many recent mention times as the chronic rule reads, and stays chronic', () => {
    let profile: ReturnType<typeof nextAuthorProfile> | undefined;
    const hours = (count: number) => count / 24;
    for (let index = 0; index < 40; index++) {
      profile = nextAuthorProfile({
        previous: profile,
        mention: mentionAt(hours(index)),
        caseId: 'c1',
        opened: index === 0,
        policy,
      });
    }
    expect(profile?.recentMentionTimes).toHaveLength(policy.chronicMentions);
    expect(profile?.recentMentionTimes.at(-1)).toBe(at(hours(39)));
    const history = authorHistoryOf(profile, mentionAt(hours(40)), policy);
    expect(history.recentMentions).toBeGreaterThanOrEqual(policy.chronicMentions);
    expect(history.totalMentions).toBe(40);
  });

  it('keeps enough for the brand with the highest chronic threshold', () => {
    const strict = TriagePolicy.parse({ brands: { globex: { chronicMentions: 12 } } });
    expect(recentMentionsKept(strict)).toBe(12);
  });
});

describe('authorHistoryOf with linked identities', () => {
  it('adds the linked identities’ counts and recent mentions when the same person writes elsewhere', () => {
    const own = nextAuthorProfile({
      previous: undefined,
      mention: mentionAt(8),
      caseId: 'c1',
      opened: true,
      policy,
    });
    let linked = nextAuthorProfile({
      previous: undefined,
      mention: { ...mentionAt(1), source: 'facebook', author: { id: 'fb-1' } },
      caseId: 'c2',
      opened: true,
      policy,
    });
    linked = nextAuthorProfile({
      previous: linked,
      mention: { ...mentionAt(9), source: 'facebook', author: { id: 'fb-1' } },
      caseId: 'c3',
      opened: true,
      policy,
    });

    expect(authorHistoryOf(own, mentionAt(10), policy, [linked])).toEqual({
      recentMentions: 2,
      totalMentions: 3,
      casesOpened: 3,
      lastMentionAt: at(9),
    });
  });

  it('uses the linked history alone when the author has no profile of its own yet', () => {
    const linked = nextAuthorProfile({
      previous: undefined,
      mention: mentionAt(4),
      caseId: 'c1',
      opened: true,
      policy,
    });

    expect(authorHistoryOf(undefined, mentionAt(5), policy, [linked])).toEqual({
      recentMentions: 1,
      totalMentions: 1,
      casesOpened: 1,
      lastMentionAt: at(4),
    });
  });
});

describe('nextAuthorProfile', () => {
  it('points each conversation at its case and forgets pointers older than the threading window', () => {
    let profile = nextAuthorProfile({
      previous: undefined,
      mention: mentionAt(0, 'conv-a'),
      caseId: 'c1',
      opened: true,
      policy,
    });
    profile = nextAuthorProfile({
      previous: profile,
      mention: mentionAt(2, 'conv-b'),
      caseId: 'c2',
      opened: true,
      policy,
    });
    profile = nextAuthorProfile({
      previous: profile,
      mention: mentionAt(4, undefined),
      caseId: 'c3',
      opened: true,
      policy,
    });

    expect(profile.openCases).toEqual({
      'conv-b': { caseId: 'c2', lastMentionAt: at(2) },
      '-': { caseId: 'c3', lastMentionAt: at(4) },
    });
    expect(profile).toMatchObject({ version: 3, totalMentions: 3, casesOpened: 3 });
  });

  it('keeps the latest time when mentions arrive out of order', () => {
    const later = nextAuthorProfile({
      previous: undefined,
      mention: mentionAt(1, 'conv-a'),
      caseId: 'c1',
      opened: true,
      policy,
    });
    const profile = nextAuthorProfile({
      previous: later,
      mention: mentionAt(0.5, 'conv-a'),
      caseId: 'c1',
      opened: false,
      policy,
    });

    expect(profile.lastMentionAt).toBe(at(1));
    expect(profile.openCases['conv-a']?.lastMentionAt).toBe(at(1));
    expect(profile.recentMentionTimes).toEqual([at(0.5), at(1)]);
  });
});

describe('profileCounts, asked of an author update repeated after a redelivery', () => {
  /** The profile after one mention on each of `days`, in order. */
  const profileAfter = (days: readonly number[]) =>
    days.reduce<ReturnType<typeof nextAuthorProfile> | undefined>(
      (previous, day) =>
        nextAuthorProfile({
          previous,
          mention: mentionAt(day),
          caseId: 'c1',
          opened: !previous,
          policy,
        }),
      undefined,
    );

  it('finds a mention whose time the profile keeps, and none it has not seen', () => {
    const profile = profileAfter([0, 1, 2]);
    expect(profileCounts(profile, mentionAt(1), policy)).toBe(true);
    expect(profileCounts(profile, mentionAt(3), policy)).toBe(false);
    expect(profileCounts(profile, mentionAt(1.5), policy)).toBe(false);
    expect(profileCounts(undefined, mentionAt(1), policy)).toBe(false);
  });

  it('leaves alone a mention older than a full list of later times', () => {
    const kept = recentMentionsKept(policy);
    const profile = profileAfter(Array.from({ length: kept + 2 }, (_, index) => 1 + index / 10));
    expect(profile?.recentMentionTimes).toHaveLength(kept);
    expect(profileCounts(profile, mentionAt(1), policy)).toBe(true);
    expect(profileCounts(profile, mentionAt(0.5), policy)).toBe(true);
  });

  it('leaves alone a mention from before the chronic window of the latest', () => {
    const profile = profileAfter([0, policy.chronicWindowDays + 1]);
    expect(profile?.recentMentionTimes).toHaveLength(1);
    expect(profileCounts(profile, mentionAt(0.5), policy)).toBe(true);
    expect(profileCounts(profile, mentionAt(2), policy)).toBe(false);
  });
});
