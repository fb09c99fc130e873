import { runAlone, testFilesOf } from '../../../scripts/test-alone';

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
});
