/**
 * cfn-lint (AWS's CloudFormation linter, installed with the machine's Python; .ci/run checks it)
 * on the synthesized templates: what CloudFormation would refuse at deploy time fails here.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../../infra/aws/constructs/responder-function';
import { synthStack } from '../support/synth-stack';

interface CfnLintMatch {
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Rule: { readonly Id: string };
  readonly Message: string;
  readonly Location: { readonly Path: readonly (string | number)[] };
}

const cfnLint = (templateFile: string): CfnLintMatch[] => {
  try {
    return JSON.parse(
      execFileSync('cfn-lint', ['--format', 'json', '--', templateFile], { encoding: 'utf8' }),
    ) as CfnLintMatch[];
  } catch (error) {
    const { stdout, code } = error as { stdout?: string; code?: string };
    if (code === 'ENOENT') {
      throw new Error('cfn-lint is not installed: pip install cfn-lint (see .ci/run)');
    }
    // cfn-lint exits non-zero when it reports anything; its report is still on stdout.
    if (stdout) return JSON.parse(stdout) as CfnLintMatch[];
    throw error;
  }
};

const describeMatch = (match: CfnLintMatch): string =>
  `${match.Rule.Id} at ${match.Location.Path.join('/')}: ${match.Message}`;

describe('cfn-lint', () => {
  it.each([
    ['the example configuration', join(REPOSITORY_ROOT, 'config', 'example.json')],
    ['the default configuration', undefined],
  ])(
    'reports no error in the template of %s',
    (_name, configPath) => {
      const { templateFile } = synthStack({ configPath, skipBundling: true });
      const errors = cfnLint(templateFile).filter((match) => match.Level === 'Error');
      expect(errors.map(describeMatch)).toEqual([]);
    },
    180_000,
  );
});
