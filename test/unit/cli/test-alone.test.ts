import { runAlone, testFilesOf, testNamesOf } from '../../../scripts/test-alone';

describe('npm run test:alone', () => {
  it("lists a project's test files as jest selects them, and no other project's", () => {
    const files = testFilesOf(['unit']);
    expect(files).toContain('test/unit/cli/test-alone.test.ts');
    expect(files.every((file) => file.startsWith('test/unit/'))).toBe(true);
  });

  it('runs one file in a jest process of its own and says whether it passed', () => {
    expect(runAlone('test/unit/contracts/zod-issues.test.ts')).toMatchObject({
      file: 'test/unit/contracts/zod-issues.test.ts',
      passed: true,
    });
    const missing = runAlone('test/unit/no-such.test.ts');
    expect(missing.passed).toBe(false);
    expect(missing.output).toMatch(/no-such\.test\.ts|No tests found/);
  }, 120_000);

  it("lists the full names of a file's tests and runs exactly the one named, alone", () => {
    const file = 'test/unit/contracts/zod-issues.test.ts';
    const names = testNamesOf(file);
    expect(names.length).toBeGreaterThan(1);
    // Regular-expression characters in a name are taken as they are: "says (root), …".
    const first = names.find((name) => name.includes('(root)'));
    if (!first) throw new Error(`no test of ${file} names (root): ${names.join('; ')}`);
    expect(runAlone(file, first)).toMatchObject({ file, test: first, passed: true });
    // A name that matches no test is no pass: nothing ran.
    expect(runAlone(file, `${first} that is not there`)).toMatchObject({
      passed: false,
      output: expect.stringContaining('0 tests ran for the name'),
    });
  }, 120_000);
});
