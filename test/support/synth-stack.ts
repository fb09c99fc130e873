import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { REPOSITORY_ROOT } from '../../infra/aws/constructs/responder-function';
import { loadDeploymentConfiguration } from '../../infra/aws/load-config';
import { ResponderStack } from '../../infra/aws/responder-stack';
import { FUNCTIONS } from '../../infra/topology';

export interface SynthesizedStack {
  readonly stack: ResponderStack;
  readonly template: Template;
  /** The cloud assembly directory: templates and assets. */
  readonly outdir: string;
  /** The template as `cdk synth` wrote it. */
  readonly templateFile: string;
  /** cdk-nag findings left after the acknowledgments: `<rule> at <construct path>`. */
  readonly nagFindings: readonly string[];
}

interface ValidationReport {
  pluginReports: {
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

/**
 * Synthesizes the stack the way `cdk synth` does (esbuild bundling of every function, cdk-nag
 * AwsSolutions checks), once per test file: bundling is the slow part.
 */
export const synthStack = (options: {
  configPath: string | undefined;
  retainData?: boolean;
  /** Skip esbuild (for tests of settings that do not depend on the bundles). */
  skipBundling?: boolean;
}): SynthesizedStack => {
  const missing = Object.values(FUNCTIONS)
    .map((spec) => spec.entry)
    .filter((entry) => !existsSync(join(REPOSITORY_ROOT, entry)));
  if (missing.length > 0) {
    throw new Error(
      `function entries missing, the stack cannot bundle them: ${missing.join(', ')}`,
    );
  }
  const outdir = mkdtempSync(join(tmpdir(), 'responder-synth-'));
  const app = new App({
    outdir,
    context: options.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {},
  });
  const stack = new ResponderStack(app, 'Responder', {
    configuration: loadDeploymentConfiguration(options.configPath),
    retainData: options.retainData ?? true,
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let nagFindings: string[] = [];
  try {
    app.synth();
  } catch (error) {
    const reportFile = join(outdir, 'validation-report.json');
    if (!existsSync(reportFile)) throw error;
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ValidationReport;
    nagFindings = report.pluginReports.flatMap((plugin) =>
      plugin.violations.flatMap((violation) =>
        violation.violatingConstructs.map(
          (construct) => `${violation.ruleName} at ${construct.constructPath}`,
        ),
      ),
    );
  }
  const templateFile = join(outdir, `${stack.artifactId}.template.json`);
  const template = JSON.parse(readFileSync(templateFile, 'utf8'));
  return { stack, template: Template.fromJSON(template), outdir, templateFile, nagFindings };
};
