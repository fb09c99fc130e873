import { countsTowardTopics, topicsOf } from '../../../shared/domain/incidents/topics';

const complaint = { complaint: true, urgency: [] as ('outage' | 'safety')[] };

describe('topicsOf', () => {
  it('counts an urgent mention toward its urgency signals only, most serious first', () => {
    expect(
      topicsOf({
        text: '@acme the app is down again and my checkout keeps crashing!! https://t.co/x',
        classification: { complaint: true, urgency: ['outage', 'safety'] },
        salientTerms: 3,
      }),
    ).toEqual(['urgency:safety', 'urgency:outage']);
  });

  it('counts other complaints toward their longest salient words', () => {
    expect(
      topicsOf({
        text: '@acme my checkout keeps crashing!! https://t.co/x',
        classification: complaint,
        salientTerms: 2,
      }),
    ).toEqual(['term:checkout', 'term:crashing']);
  });

  it('leaves out plain words, the brand and link and handle text', () => {
    expect(
      topicsOf({
        text: 'Seriously Acme, your customer service is terrible. Refund please www @acmehelp',
        classification: complaint,
        salientTerms: 5,
        brandWords: ['acme'],
      }),
    ).toEqual(['term:refund']);
  });

  it('counts nothing for mentions that are neither complaints nor urgent', () => {
    expect(
      topicsOf({
        text: 'Loving the new checkout flow',
        classification: { complaint: false, urgency: [] },
        salientTerms: 3,
      }),
    ).toEqual([]);
  });
});

describe('countsTowardTopics', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 4, 13, 9, minute)).toISOString();
  const counts = (minute: number, previousMinute?: number) =>
    countsTowardTopics({
      createdAt: at(minute),
      previousMentionAt: previousMinute === undefined ? undefined : at(previousMinute),
      windowMinutes: 10,
    });

  it('counts the mention that opens a case', () => {
    expect(counts(0)).toBe(true);
  });

  it('does not count a later mention of the same burst, nor one delivered out of order', () => {
    expect(counts(9, 0)).toBe(false);
    expect(counts(3, 5)).toBe(false);
  });

  it('counts the first mention after a quiet spell as long as the window', () => {
    expect(counts(10, 0)).toBe(true);
  });
});
