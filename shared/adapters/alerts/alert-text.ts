/**
 * User text (a customer's post, their display name) on its way into an alert: every target gets
 * it escaped or flattened for its own syntax, never raw.
 */

/** Slack's broadcast mentions when written as plain words. */
const SLACK_BROADCASTS = /@(channel|here|everyone)\b/gi;
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Control characters other than tab and newline, and the invisible characters that can make an
 * alert read other than it is: zero-width characters and marks (U+200B–U+200F), bidi embeddings
 * and overrides (U+202A–U+202E, e.g. U+202E turning `gpj.exe` around), bidi isolates
 * (U+2066–U+2069) and the byte order mark.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Shortens to at most `max` characters (code points), ending with an ellipsis when cut. */
export const truncate = (text: string, max: number): string => {
  const characters = [...text];
  if (characters.length <= max) return text;
  return `${characters
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`;
};

/** One line of plain text: control characters dropped, whitespace runs collapsed, cut to `max`. */
export const plainLine = (text: string, max: number): string =>
  truncate(text.replace(CONTROL, '').replace(/\s+/g, ' ').trim(), max);

/**
 * Cuts Slack text that was already escaped to at most `max` characters (Slack refuses a field
 * over 2,000 and a section text over 3,000), never inside an `&amp;` entity, ending with `…`.
 */
export const fitSlackText = (escaped: string, max: number): string => {
  if (escaped.length <= max) return escaped;
  const cut = escaped.slice(0, max - 1).replace(/&[a-z]*$/, '');
  return `${cut}…`;
};

/**
 * Text for Slack mrkdwn: `&`, `<` and `>` escaped as Slack requires, so `<!channel>`, `<@U123>`
 * and `<https://evil|bank>` show as typed instead of pinging or linking; the plain words
 * `@channel`, `@here` and `@everyone` are broken with a zero-width space.
 */
export const slackEscape = (text: string): string =>
  text
    .replace(CONTROL, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(SLACK_BROADCASTS, `@${ZERO_WIDTH_SPACE}$1`);

/** A duration for people: `45 s`, `12 min`, `1 h 5 min`, `2 d 3 h`. */
export const humanDuration = (seconds: number): string => {
  const total = Math.round(Math.abs(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
};

/** Follower counts as people say them: 950, 18.4k, 2.1M. */
export const humanCount = (count: number): string => {
  if (count < 1_000) return String(count);
  if (count < 1_000_000) return `${Number((count / 1_000).toFixed(1))}k`;
  return `${Number((count / 1_000_000).toFixed(1))}M`;
};
