import { Classification } from '../../../shared/contracts/triage';
import { classifyMention, classifyText } from '../../../shared/domain/triage/classifier';
import { labelledPosts, mentionWith } from './support';

describe('classifyText', () => {
  it.each(labelledPosts().map((post) => [post.id, post] as const))(
    'gives post %s the sentiment and complaint label a person gives it',
    (_id, post) => {
      const result = classifyText(post.text);
      expect({ sentiment: result.sentiment, complaint: result.complaint }).toEqual({
        sentiment: post.sentiment,
        complaint: post.complaint,
      });
    },
  );

  it('finds a complaint that carries no negative word', () => {
    const result = classifyText('@NorthwindAir still waiting for my refund, booking QX7T2L');
    expect(result.complaint).toBe(true);
    expect(result.intents).toContain('complaint');
    expect(result.reasons.some((reason) => reason.includes('still waiting'))).toBe(true);
  });

  it('reads praise words next to a failure as irony', () => {
    const result = classifyText('@ContosoBank great job losing my card payment again');
    expect(result.sentiment).toBe('negative');
    expect(result.complaint).toBe(true);
    expect(result.reasons.some((reason) => reason.startsWith('irony'))).toBe(true);
  });

  it('keeps sincere thanks positive and marks it as praise', () => {
    const result = classifyText(
      '@Fabrikam thanks a lot, the replacement arrived today and fits perfectly',
    );
    expect(result.sentiment).toBe('positive');
    expect(result.intents).toEqual(['praise']);
    expect(result.complaint).toBe(false);
  });

  it('tells venting from a concrete problem', () => {
    expect(classifyText('@ContosoBank worst bank ever, I am so done with you').intents).toContain(
      'venting',
    );
    expect(
      classifyText('@ContosoBank my transfer to savings has not arrived').intents,
    ).not.toContain('venting');
  });

  it('recognises questions and requests', () => {
    expect(classifyText('@Fabrikam do you ship to Norway?').intents).toEqual(['question']);
    expect(
      classifyText('@Fabrikam please change my delivery address to 4 Elm Road').intents,
    ).toContain('request');
  });

  it('flags promotion and bait as spam', () => {
    const result = classifyText(
      '@Fabrikam win a FREE iPhone 🎁 click the link in bio https://bit.ly/x',
    );
    expect(result.intents).toContain('spam');
    expect(result.complaint).toBe(false);
  });

  it('marks a neutral remark with nothing to act on as irrelevant', () => {
    expect(classifyText('@NorthwindAir landed in Bergen').intents).toEqual(['irrelevant']);
  });

  it.each([
    ['safety', '@Fabrikam the heater you sold me started sparking and there is smoke everywhere'],
    ['legal', '@ContosoBank refund me by Friday or my lawyer will be in touch'],
    ['churn', '@ContosoBank fix this or I am closing my account and moving to another bank'],
    ['outage', '@ContosoBank is the app down? nobody can log in'],
    ['privacy', '@ContosoBank someone accessed my account and there are unauthorized transactions'],
    [
      'press',
      "@NorthwindAir I'm a reporter writing a story about the cancellations, who can comment?",
    ],
  ] as const)('raises the %s urgency signal', (urgency, text) => {
    const result = classifyText(text);
    expect(result.urgency).toContain(urgency);
    expect(result.reasons.some((reason) => reason.startsWith('urgent'))).toBe(true);
  });

  it.each([
    ['es', 'Llevo dos semanas esperando el reembolso y nadie me responde'],
    ['fr', "J'attends toujours mon remboursement, c'est inadmissible"],
    ['de', 'Mein Paket ist immer noch nicht da, das ist eine Frechheit'],
    ['pt', 'Meu pedido ainda não chegou, péssimo atendimento'],
    ['it', 'Il mio ordine non è arrivato, servizio pessimo'],
    ['nl', 'Mijn pakket is nog steeds niet bezorgd, slechte service'],
  ])('classifies a %s complaint in its own language', (language, text) => {
    const result = classifyText(text);
    expect(result.language).toBe(language);
    expect(result.sentiment).toBe('negative');
    expect(result.complaint).toBe(true);
  });

  it('marks a language it has no words for and lowers its confidence instead of calling it neutral English', () => {
    const japanese = classifyText('荷物がまだ届きません。どうなっていますか');
    const english = classifyText('My parcel has still not arrived. What is going on?');
    expect(japanese.language).toBe('ja');
    expect(japanese.reasons[0]).toContain('no shipped word knowledge');
    expect(japanese.confidence).toBeLessThan(english.confidence);
  });

  it('still reads emoji in a language it has no words for', () => {
    expect(classifyText('最高のサービスでした 😍👍').sentiment).toBe('positive');
  });

  it('trusts the language tag the platform sent', () => {
    expect(classifyText('ok', 'pt-BR').language).toBe('pt');
    expect(classifyText('ok', 'und').language).toBe('en');
  });

  it('always answers a valid classification with reasons, even for empty text', () => {
    for (const text of ['', '   ', '@brand', 'https://t.co/abc', '!!!???', '👍']) {
      const result = classifyText(text);
      expect(Classification.parse(result)).toEqual(result);
      expect(result.reasons.length).toBeGreaterThan(0);
    }
  });
});

describe('classifyMention', () => {
  it('treats a one-star review as a complaint even when its words are mild', () => {
    const result = classifyMention(
      mentionWith({ kind: 'review', text: 'It was fine I guess.', rating: 1 }),
    );
    expect(result.complaint).toBe(true);
    expect(result.sentiment).toBe('negative');
    expect(result.reasons).toContain('complaint: a 1-star review');
  });

  it('treats a five-star review as praise', () => {
    const result = classifyMention(
      mentionWith({ kind: 'review', text: 'Arrived on Tuesday.', rating: 5 }),
    );
    expect(result.sentiment).toBe('positive');
    expect(result.intents).toContain('praise');
  });

  it('reads plain praise on a five-star review as praise, not irony or a complaint', () => {
    const result = classifyMention(
      mentionWith({
        kind: 'review',
        text: 'Great service\n\nNothing other than excellent customer service',
        rating: 5,
      }),
    );
    expect(result.complaint).toBe(false);
    expect(result.intents).toContain('praise');
    expect(result.reasons.join('\n')).not.toContain('irony');
  });

  it('keeps a four-star review a complaint when its text states a concrete problem', () => {
    const result = classifyMention(
      mentionWith({
        kind: 'review',
        text: 'Friendly staff, but I was charged twice for the same order and still have no refund.',
        rating: 4,
      }),
    );
    expect(result.complaint).toBe(true);
  });
});
