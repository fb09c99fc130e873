import * as z from 'zod';
import { zodIssueLines, zodIssues } from '../../../shared/contracts/zod-issues';

const failure = (schema: z.ZodType, value: unknown): z.ZodError => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the value to be refused');
  return result.error;
};

describe('zodIssueLines', () => {
  it('names the path of each issue, prefixed with where the value came from', () => {
    const error = failure(z.object({ a: z.object({ b: z.string() }), c: z.number() }), {
      a: { b: 1 },
      c: 'x',
    });
    expect(zodIssueLines(error, { at: ['body'] })).toEqual([
      'body.a.b: Invalid input: expected string, received number',
      'body.c: Invalid input: expected number, received string',
    ]);
  });

  it('says (root), or the given name, when the whole value is wrong', () => {
    const error = failure(z.object({}), 'text');
    expect(zodIssueLines(error)).toEqual([
      '(root): Invalid input: expected object, received string',
    ]);
    expect(zodIssueLines(error, { root: '(line)' })).toEqual([
      '(line): Invalid input: expected object, received string',
    ]);
  });
});

describe('zodIssues', () => {
  it('gives the first issues field by field, as webhook answers list them', () => {
    const error = failure(z.object({ a: z.string(), b: z.string(), c: z.string() }), {});
    expect(zodIssues(error, { limit: 2 })).toEqual([
      { path: 'a', message: 'Invalid input: expected string, received undefined' },
      { path: 'b', message: 'Invalid input: expected string, received undefined' },
    ]);
  });
});
