import { LoadUsageError, parseLoadOptions } from '../../../scripts/bench/load-options';

describe('parseLoadOptions', () => {
  it.each([['--help'], ['-h']])('answers help for %s', (flag) => {
    expect(parseLoadOptions([flag])).toBe('help');
  });

  it('reads the sizes and defaults the rest', () => {
    expect(parseLoadOptions(['--webhooks', '500', '--json'])).toEqual({
      webhooks: 500,
      authors: 1000,
      concurrency: 32,
      json: true,
    });
  });

  it('reads the storm sizes only with --storm', () => {
    expect(parseLoadOptions(['--storm', '--storm-size', '300', '--minutes', '2'])).toMatchObject({
      storm: { size: 300, unrelated: 200, minutes: 2 },
    });
    expect(parseLoadOptions(['--storm-size', '300'])).not.toHaveProperty('storm');
    expect(() => parseLoadOptions(['--storm', '--unrelated', '0'])).toThrow(
      /--unrelated must be a positive integer/,
    );
  });

  it('names the option and shows the usage for a bad value or an unknown option', () => {
    expect(() => parseLoadOptions(['--webhooks', 'many'])).toThrow(LoadUsageError);
    expect(() => parseLoadOptions(['--webhooks', 'many'])).toThrow(
      /--webhooks must be a positive integer[\s\S]*usage: npm run load/,
    );
    expect(() => parseLoadOptions(['--verbose'])).toThrow(/--verbose[\s\S]*usage: npm run load/);
  });
});
