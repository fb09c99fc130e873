import * as z from 'zod';

/** The platform accounts that belong to a brand; a mention addressed to none of them is refused. */
export const BrandAccounts = z.strictObject({
  /** X user ids (`for_user_id` of the Account Activity subscription). */
  x: z.array(z.string().min(1)).default([]),
  /** Facebook page ids (feed, page mentions and Messenger). */
  facebook: z.array(z.string().min(1)).default([]),
  /** Instagram professional account ids. */
  instagram: z.array(z.string().min(1)).default([]),
  /** Trustpilot business unit ids (the `businessUnit` query parameter of the subscription URL). */
  trustpilot: z.array(z.string().min(1)).default([]),
});
export type BrandAccounts = z.infer<typeof BrandAccounts>;

/** The kinds of account a brand owns; Messenger conversations belong to the Facebook page. */
export type AccountNetwork = keyof BrandAccounts;

export const Brand = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lowercase slug'),
  name: z.string().min(1),
  accounts: BrandAccounts.default({ x: [], facebook: [], instagram: [], trustpilot: [] }),
});
export type Brand = z.infer<typeof Brand>;

/** The brand every mention belongs to when no brands are configured. */
export const DEFAULT_BRAND_ID = 'default';

/** Which brand a mention belongs to, from the configured brands; undefined means refused. */
export interface BrandDirectory {
  /** The brand owning a platform account (`default` when no brands are configured). */
  brandOfAccount(network: AccountNetwork, account: string | undefined): string | undefined;
  /**
   * The brand an integration names. Without a name, the only configured brand (or `default`);
   * with several brands configured the name is required.
   */
  brandById(brandId: string | undefined): string | undefined;
}

/** Indexes the configured brands by account; also rejects an account claimed by two brands. */
export const brandDirectory = (brands: readonly Brand[]): BrandDirectory => {
  if (brands.length === 0) {
    return { brandOfAccount: () => DEFAULT_BRAND_ID, brandById: () => DEFAULT_BRAND_ID };
  }
  const owners = new Map<string, string>();
  for (const brand of brands) {
    for (const [network, accounts] of Object.entries(brand.accounts)) {
      for (const account of accounts) {
        const key = `${network}:${account}`;
        const owner = owners.get(key);
        if (owner !== undefined && owner !== brand.id) {
          throw new BrandConfigError(
            `brands: ${network} account ${account} belongs to both ${owner} and ${brand.id}`,
          );
        }
        owners.set(key, brand.id);
      }
    }
  }
  const ids = new Set(brands.map((brand) => brand.id));
  const onlyBrand = brands.length === 1 ? brands[0]?.id : undefined;
  return {
    brandOfAccount: (network, account) =>
      account === undefined ? undefined : owners.get(`${network}:${account}`),
    brandById: (brandId) =>
      brandId === undefined ? onlyBrand : ids.has(brandId) ? brandId : undefined,
  };
};

export class BrandConfigError extends Error {
  override name = 'BrandConfigError';
}
