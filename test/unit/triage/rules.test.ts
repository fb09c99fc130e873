import { compileRules, matchRules, RuleDefinitionError } from '../../../shared/domain/triage/rules';

describe('compileRules', () => {
  it('refuses a rule with a capturing group, naming the rule', () => {
    expect(() =>
      compileRules([{ kind: 'problem', pattern: '\\b(lost|missing) bag\\b', reason: 'lost bag' }]),
    ).toThrow(
      new RuleDefinitionError(
        'rule "lost bag" has a capturing group; write (?:…) instead: \\b(lost|missing) bag\\b',
      ),
    );
  });

  it('refuses a rule that is not a valid pattern', () => {
    expect(() =>
      compileRules([{ kind: 'problem', pattern: '\\b(?:lost', reason: 'broken' }]),
    ).toThrow('rule "broken" is not a valid pattern');
  });
});

describe('matchRules', () => {
  const rules = compileRules([
    { kind: 'problem', pattern: '\\bstill waiting\\b', reason: 'still waiting' },
    { kind: 'question', pattern: '\\?', reason: 'a question' },
    { kind: 'problem', pattern: '\\blost (?:my )?bag\\b', reason: 'lost bag' },
  ]);

  it('reports every rule that matches, left to right, with the matched words', () => {
    const hits = matchRules(' you lost my bag and i am still waiting? ', rules);
    expect(hits.map((hit) => [hit.rule.reason, hit.text])).toEqual([
      ['lost bag', 'lost my bag'],
      ['still waiting', 'still waiting'],
      ['a question', '?'],
    ]);
  });

  it('matches whole words only', () => {
    expect(matchRules(' glost bagpipes ', rules)).toEqual([]);
  });

  it('gives the same answer when called again on the same rules', () => {
    const text = ' still waiting ';
    expect(matchRules(text, rules)).toEqual(matchRules(text, rules));
  });

  it('respects accented letters at word edges when asked to', () => {
    const portuguese = compileRules(
      [{ kind: 'problem', pattern: '\\bainda não\\b', reason: 'still not' }],
      true,
    );
    expect(matchRules(' ainda não chegou ', portuguese)).toHaveLength(1);
    expect(matchRules(' ainda nãochegou ', portuguese)).toHaveLength(0);
  });
});
