import { unrelatedText } from '../../../scripts/bench/storm-driver';
import { IncidentPolicy } from '../../../shared/domain/incidents/policy';
import { topicsOf } from '../../../shared/domain/incidents/topics';
import { classifyMention } from '../../../shared/domain/triage/classifier';
import { decideTriage } from '../../../shared/domain/triage/decide';
import { TriagePolicy } from '../../../shared/domain/triage/policy';
import { mentionWith } from '../triage/support';

const UNRELATED = 200;
const incidents = IncidentPolicy.parse({});
const texts = Array.from({ length: UNRELATED }, (_, index) => unrelatedText(index));

describe("the storm run's unrelated complaints", () => {
  it('are all different', () => {
    expect(new Set(texts).size).toBe(UNRELATED);
  });

  it('each ask for a response at P2 or P3, with no urgency of their own', () => {
    for (const text of texts) {
      const mention = mentionWith({ text });
      const decision = decideTriage({
        mention,
        classification: classifyMention(mention),
        history: { recentMentions: 0, totalMentions: 0, casesOpened: 0 },
        policy: TriagePolicy.parse({}),
      });
      expect({ text, urgency: decision.classification.urgency }).toEqual({ text, urgency: [] });
      expect({ text, needsResponse: decision.needsResponse }).toEqual({
        text,
        needsResponse: true,
      });
      expect(['P2', 'P3']).toContain(decision.priority);
    }
  });

  it('never count toward one topic as often as the default threshold opens an incident', () => {
    const counts = new Map<string, number>();
    for (const text of texts) {
      const classification = classifyMention(mentionWith({ text }));
      for (const topic of topicsOf({
        text,
        classification,
        salientTerms: incidents.salientTerms,
      })) {
        counts.set(topic, (counts.get(topic) ?? 0) + 1);
      }
    }
    expect(counts.size).toBeGreaterThan(10);
    expect(Math.max(...counts.values())).toBeLessThan(incidents.minCount);
  });
});
