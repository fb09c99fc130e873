import * as z from 'zod';
import { zodIssueLines } from '../../contracts/zod-issues';
import { IncidentPolicy } from '../incidents/policy';
import { SlaConfig } from '../sla/policy';
import { TriagePolicy } from '../triage/policy';
import { Brand, DEFAULT_BRAND_ID } from './brands';
import { ChannelsConfig } from './channels';
import { DeploymentConfig } from './deployment';
import { RepliesConfig } from './replies';

/** The one configuration file: brands and accounts, SLA policies, triage policy, channels, retention. */
export const ResponderConfig = z
  .strictObject({
    stage: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .default('local'),
    /** Base URL of the operator console, for links in alerts; in AWS the console's URL by default. */
    publicUrl: z.string().url().optional(),
    brands: z.array(Brand).default([]),
    sla: SlaConfig.default(SlaConfig.parse({})),
    triage: TriagePolicy.default(TriagePolicy.parse({})),
    channels: ChannelsConfig.default(ChannelsConfig.parse({})),
    /** Spike detection and the incident escalation ladder. */
    incidents: IncidentPolicy.default(IncidentPolicy.parse({})),
    retention: z
      .strictObject({
        /** Days after which a mention's text is removed; case figures stay. */
        mentionTextDays: z.number().int().positive().default(90),
      })
      .default({ mentionTextDays: 90 }),
    replies: RepliesConfig.default(RepliesConfig.parse({})),
    ingest: z
      .strictObject({ maxBodyBytes: z.number().int().positive().default(1_048_576) })
      .default({ maxBodyBytes: 1_048_576 }),
    /** AWS deployment settings (infra/aws); the functions do not read them. */
    deployment: DeploymentConfig.default(DeploymentConfig.parse({})),
  })
  .superRefine((config, context) => {
    // A policy for a brand that does not exist would never apply: refuse it by name.
    const brandIds = new Set(
      config.brands.length > 0 ? config.brands.map((brand) => brand.id) : [DEFAULT_BRAND_ID],
    );
    config.sla.policies.forEach((policy, index) => {
      (policy.match.brands ?? []).forEach((brand, position) => {
        if (brandIds.has(brand)) return;
        context.addIssue({
          code: 'custom',
          path: ['sla', 'policies', index, 'match', 'brands', position],
          message: `policy ${policy.id} names brand "${brand}", which is not configured (brands: ${[...brandIds].join(', ')})`,
        });
      });
    });
  });
export type ResponderConfig = z.infer<typeof ResponderConfig>;
export type ResponderConfigInput = z.input<typeof ResponderConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a configuration; the error names every bad field by its path. */
export const parseConfig = (input: unknown, origin = 'configuration'): ResponderConfig => {
  const result = ResponderConfig.safeParse(input);
  if (result.success) return result.data;
  const problems = zodIssueLines(result.error).map((line) => `  ${line}`);
  throw new ConfigError(`${origin} is invalid:\n${problems.join('\n')}`, { cause: result.error });
};
