import { type Classification, URGENCY_BY_SEVERITY, type Urgency } from '../../contracts/triage';

/**
 * Words that say nothing about what went wrong: function words and the vocabulary of every
 * complaint. A salient term is any other word of four letters or more.
 */
const PLAIN_WORDS = new Set(
  `about above after again against all also always another anyone anything because been before
  being below between both cannot could couldn't does doesn't doing done down during each even
  ever every from further have haven't having here hers himself into isn't it's just know like
  make many more most much must never nothing once only other ours over please really same
  should since some still such than thank thanks that that's their them then there these they
  this those through today under until very want wasn't were what when where which while will
  with won't would wouldn't your yours yourself anymore again another guys hello help someone
  something support service customer customers company issue issues problem problems sorry
  terrible awful worst horrible annoying ridiculous seriously literally actually right`
    .split(/\s+/)
    .filter(Boolean),
);

const WORD = /[a-z][a-z']{3,}/g;

/** The urgency topic key. */
export const urgencyTopic = (urgency: Urgency): string => `urgency:${urgency}`;

/**
 * The topics a mention counts toward: its urgency signals (most serious first) when it has any,
 * otherwise up to `salientTerms` salient words of its text (longest first: longer words are rarer
 * and name the thing that broke). Urgent mentions do not count toward words, so the words of an
 * outage storm ("flight", "app") cannot open a second incident beside the outage. Only complaints
 * and urgent mentions count; praise and questions never make a storm. `brandWords` (the brand's
 * own name and handles) are not topics.
 */
export const topicsOf = (input: {
  text: string;
  classification: Pick<Classification, 'complaint' | 'urgency'>;
  salientTerms: number;
  brandWords?: readonly string[];
}): string[] => {
  const { classification } = input;
  if (!classification.complaint && classification.urgency.length === 0) return [];
  const urgency = URGENCY_BY_SEVERITY.filter((u) => classification.urgency.includes(u)).map(
    urgencyTopic,
  );
  if (urgency.length > 0) return urgency;
  const excluded = new Set((input.brandWords ?? []).map((word) => word.toLowerCase()));
  const words = new Set(
    (
      input.text
        .toLowerCase()
        .replace(/https?:\/\/\S+|@\w+/g, ' ')
        .match(WORD) ?? []
    )
      .map((word) => word.replace(/'+$/, ''))
      .filter((word) => !PLAIN_WORDS.has(word) && !excluded.has(word)),
  );
  const terms = [...words]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .slice(0, input.salientTerms)
    .map((word) => `term:${word}`);
  return terms;
};

/**
 * Whether a mention counts toward its topics. An incident is many customers reporting one
 * problem, so a case counts once per burst: the mention that opens it counts, and so does the
 * first one after a quiet spell of at least `windowMinutes` since the case's previous mention
 * (`previousMentionAt`); the mentions between are the same customer saying it again. Mentions
 * that do not count still join an open incident of their topics.
 */
export const countsTowardTopics = (input: {
  createdAt: string;
  previousMentionAt: string | undefined;
  windowMinutes: number;
}): boolean =>
  input.previousMentionAt === undefined ||
  Date.parse(input.createdAt) - Date.parse(input.previousMentionAt) >= input.windowMinutes * 60_000;
