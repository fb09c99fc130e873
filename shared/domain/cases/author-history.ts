/** What the product remembers of a customer between mentions. Pure. */
import type { AuthorProfile } from '../../contracts/case-records';
import type { Mention } from '../../contracts/mention';
import type { TriagePolicy } from '../triage/policy';
import type { AuthorHistory } from '../triage/port';
import { conversationKeyOf, laterOf } from './threading';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const within = (at: string, reference: string, windowMs: number): boolean => {
  const age = Date.parse(reference) - Date.parse(at);
  return age >= 0 && age <= windowMs;
};

/**
 * How many recent mention times an author item keeps: what the rules read, the chronic threshold
 * of the strictest-to-reach brand (a count at the threshold already decides every rule), so the
 * item of a chronic ranter stays small instead of growing with every mention.
 */
export const recentMentionsKept = (policy: TriagePolicy): number =>
  Math.max(
    policy.chronicMentions,
    ...Object.values(policy.brands).map((brand) => brand.chronicMentions ?? 0),
  );

/**
 * The author's history as triage sees it when `mention` arrives (the mention itself not counted).
 * `linked` are the profiles of the same person's other identities (linked through the cases API):
 * their mentions and cases count as the author's own, so a ranter who moves platform stays one.
 */
export const authorHistoryOf = (
  profile: AuthorProfile | undefined,
  mention: Mention,
  policy: TriagePolicy,
  linked: readonly AuthorProfile[] = [],
): AuthorHistory => {
  const profiles = [...(profile ? [profile] : []), ...linked];
  const windowMs = policy.chronicWindowDays * DAY_MS;
  const lastMentionAt = profiles
    .map((each) => each.lastMentionAt)
    .filter((at) => at !== undefined)
    .reduce<string | undefined>((latest, at) => (latest ? laterOf(latest, at) : at), undefined);
  return {
    recentMentions: profiles
      .flatMap((each) => each.recentMentionTimes)
      .filter((at) => within(at, mention.createdAt, windowMs)).length,
    totalMentions: profiles.reduce((sum, each) => sum + each.totalMentions, 0),
    casesOpened: profiles.reduce((sum, each) => sum + each.casesOpened, 0),
    ...(lastMentionAt ? { lastMentionAt } : {}),
  };
};

/**
 * Whether `profile` already counts `mention`, for the author update that follows a mention's
 * commit and is repeated when the mention is delivered again: its time is among the recent ones,
 * or it is older than anything the profile still keeps (a full list of later times, or beyond the
 * chronic window of the latest), where counting it again could only add to `totalMentions`. Two
 * mentions of one author at the same instant read as one here, so this is asked only of a
 * repeated update, never of a mention's first.
 */
export const profileCounts = (
  profile: AuthorProfile | undefined,
  mention: Mention,
  policy: TriagePolicy,
): boolean => {
  if (!profile) return false;
  const times = profile.recentMentionTimes;
  if (times.includes(mention.createdAt)) return true;
  const at = Date.parse(mention.createdAt);
  const oldestKept = times[0];
  const beforeFullList =
    oldestKept !== undefined &&
    times.length >= recentMentionsKept(policy) &&
    at < Date.parse(oldestKept);
  const beforeWindow =
    profile.lastMentionAt !== undefined &&
    Date.parse(profile.lastMentionAt) - at > policy.chronicWindowDays * DAY_MS;
  return beforeFullList || beforeWindow;
};

/**
 * The author profile after a customer mention went to `caseId`: counts incremented, the recent
 * window and the open-case pointers pruned to their windows, this conversation pointing at the case.
 */
export const nextAuthorProfile = (input: {
  previous: AuthorProfile | undefined;
  mention: Mention;
  caseId: string;
  opened: boolean;
  policy: TriagePolicy;
}): AuthorProfile => {
  const { previous, mention, policy } = input;
  const latest = laterOf(previous?.lastMentionAt ?? mention.createdAt, mention.createdAt);
  const chronicMs = policy.chronicWindowDays * DAY_MS;
  const recentMentionTimes = [...(previous?.recentMentionTimes ?? []), mention.createdAt]
    .filter((at) => within(at, latest, chronicMs))
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .slice(-recentMentionsKept(policy));
  const threadMs = policy.threadWindowHours * HOUR_MS;
  const openCases = Object.fromEntries(
    Object.entries(previous?.openCases ?? {}).filter(([, pointer]) =>
      within(pointer.lastMentionAt, latest, threadMs),
    ),
  );
  const conversation = conversationKeyOf(mention);
  const pointed = openCases[conversation];
  openCases[conversation] = {
    caseId: input.caseId,
    lastMentionAt:
      pointed?.caseId === input.caseId
        ? laterOf(pointed.lastMentionAt, mention.createdAt)
        : mention.createdAt,
  };
  return {
    source: mention.source,
    authorId: mention.author.id,
    name: mention.author.name ?? previous?.name,
    handle: mention.author.handle ?? previous?.handle,
    followers: mention.author.followers ?? previous?.followers,
    verified: mention.author.verified ?? previous?.verified,
    version: (previous?.version ?? 0) + 1,
    totalMentions: (previous?.totalMentions ?? 0) + 1,
    casesOpened: (previous?.casesOpened ?? 0) + (input.opened ? 1 : 0),
    lastMentionAt: latest,
    recentMentionTimes,
    openCases,
  };
};
