import { genericPlatform } from './generic';
import { metaPlatform } from './meta';
import type { Platform } from './platform';
import { trustpilotPlatform } from './trustpilot';
import { xPlatform } from './x';

/** Every webhook source, by the `{source}` segment of `/webhooks/{source}`. */
export const PLATFORMS: ReadonlyMap<string, Platform> = new Map(
  [genericPlatform, xPlatform, metaPlatform, trustpilotPlatform].map((platform) => [
    platform.route,
    platform,
  ]),
);
