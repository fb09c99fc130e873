/** Real Chromium for the console's browser tests: Debian's package driven by playwright-core. */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

/** Debian's `chromium` package; .ci/run installs it when it is missing. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags that work on machines without a GPU, a sandbox or a network beyond loopback. Playwright
 * gives each launch a new, empty user-data directory.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
/** An iPhone-sized screen with touch, as an on-call person opening an alert link. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/** How many pixels the page is wider than the screen (0 or less: it fits). */
export const horizontalOverflow = (page: Page): Promise<number> =>
  page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now. */
export const seriousAccessibilityViolations = async (page: Page): Promise<string[]> => {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy permits.
  const violations = (await page.evaluate(
    `${AXE_SOURCE}; axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes
          .map((node) => node.target.join(' '))
          .join(', ')})`,
    );
};

/**
 * Screenshots for the README: written only when CONSOLE_SCREENSHOTS names a folder
 * (`npm run console:screenshots`), so ordinary test runs leave the tree untouched.
 */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  const folder = process.env.CONSOLE_SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), scale: 'css' });
};

/**
 * One Chromium for a test file; `freshPage` opens a page in a new, empty profile (closed after
 * the test), on which an uncaught page error fails the test.
 */
export const useChromium = () => {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  return {
    freshPage: async (options: BrowserContextOptions = DESKTOP): Promise<Page> => {
      if (!browser) throw new Error('Chromium is not running; open pages inside a test');
      const context = await browser.newContext(options);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => {
        throw error;
      });
      return page;
    },
  };
};
