import { z } from 'zod';

/** The platform accounts that belong to a brand; a mention addressed to none of them is refused. */
export const BrandAccounts = z.object({
  x: z.array(z.string()).default([]),
  facebook: z.array(z.string()).default([]),
  instagram: z.array(z.string()).default([]),
  trustpilot: z.array(z.string()).default([]),
});

export const Brand = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lowercase slug'),
  name: z.string().min(1),
  accounts: BrandAccounts.default({ x: [], facebook: [], instagram: [], trustpilot: [] }),
});
export type Brand = z.infer<typeof Brand>;

/** The brand every mention belongs to when no brands are configured. */
export const DEFAULT_BRAND_ID = 'default';
