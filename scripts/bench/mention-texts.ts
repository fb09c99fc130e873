/**
 * Customer posts for the benchmarks and the load test, generated from phrase lists with a seeded
 * random source, so every run measures the same texts: complaints of several severities, praise,
 * questions and chatter, the mix a brand's mentions show on an ordinary day.
 */

/** A small deterministic random source (mulberry32), so generated loads repeat exactly. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const pick = <T>(random: () => number, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('cannot pick from an empty list');
  return item;
};

const PRODUCTS = [
  'order',
  'package',
  'blender',
  'subscription',
  'phone plan',
  'flight',
  'hotel booking',
  'laptop',
  'refund',
  'delivery',
  'account',
  'coffee machine',
] as const;

/** A template: the product named and the days waited. */
type Template = (product: string, days: number) => string;

const COMPLAINTS: readonly Template[] = [
  (product: string, days: number) =>
    `My ${product} arrived broken and nobody has answered my emails for ${days} days. Unacceptable.`,
  (product: string, days: number) =>
    `Still waiting on my ${product} after ${days} days. Tracking has not moved since Monday. What is going on?`,
  (product: string) =>
    `You charged my card twice for the same ${product}. I want my money back today.`,
  (product: string, days: number) =>
    `Worst customer service ever. ${days} calls about my ${product}, every time I get disconnected.`,
  (product: string) =>
    `The app keeps crashing when I try to change my ${product}. Error 500 every single time.`,
  (product: string) =>
    `Cancelled my ${product} and you still billed me. This is a scam and I am reporting you.`,
  (product: string) =>
    `Your driver left my ${product} in the rain and it is ruined. Who pays for this?`,
  (product: string, days: number) =>
    `Day ${days} without internet for my ${product}. No engineer, no callback, no apology. I am switching providers.`,
];

const PRAISE: readonly Template[] = [
  (product: string) => `Huge thanks to the support team, my ${product} was sorted in ten minutes!`,
  (product: string) => `Love the new ${product}, works perfectly. Great job!`,
  (product: string) =>
    `Shoutout to Priya from your team who fixed my ${product} issue so kindly. Amazing service.`,
];

const QUESTIONS: readonly Template[] = [
  (product: string) => `Does the ${product} come with a warranty in Canada?`,
  (product: string) => `How do I change the delivery address on my ${product}?`,
  (product: string) => `Is there a student discount on the ${product}?`,
];

const CHATTER: readonly Template[] = [
  (product: string) => `Thinking about getting a new ${product} this weekend.`,
  (product: string) => `Anyone else watching the launch stream? Curious about the ${product}.`,
];

/** The share of each kind of post, complaints first (the case the product exists for). */
const MIX = [
  { share: 0.55, templates: COMPLAINTS },
  { share: 0.2, templates: PRAISE },
  { share: 0.15, templates: QUESTIONS },
  { share: 0.1, templates: CHATTER },
] as const;

/** One generated post. */
export const mentionText = (random: () => number): string => {
  let roll = random();
  const product = pick(random, PRODUCTS);
  const days = 2 + Math.floor(random() * 12);
  for (const { share, templates } of MIX) {
    if (roll < share) return pick(random, templates)(product, days);
    roll -= share;
  }
  return pick(random, CHATTER)(product, days);
};

/** `count` generated posts from `seed`. */
export const mentionTexts = (count: number, seed = 8): string[] => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => mentionText(random));
};
