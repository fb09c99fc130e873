/** The texts of "take it offline": the case's suggested reply publicly, then the brand's private template. */
import type { Case } from '../../contracts/case';
import type { RepliesConfig } from '../config/replies';

export const DEFAULT_TAKE_OFFLINE = {
  public:
    "Hi {name}, we're sorry about this and we'd like to help. We've sent you a direct message so we can look into it.",
  private:
    "Hi {name}, thanks for getting in touch. Could you send us your order or booking reference and a few words on what happened? Please don't share payment details.",
} as const;

/** Fills a reply template: `{name}` is the customer's name, else their handle. */
export const fillTemplate = (template: string, subject: Case): string =>
  template.replaceAll(
    '{name}',
    subject.author.name ?? (subject.author.handle ? `@${subject.author.handle}` : 'there'),
  );

/**
 * The public acknowledgement (the case's suggested reply when triage made one, else the brand's
 * public template) and the private follow-up (the brand's private template).
 */
export const takeOfflineTexts = (
  templates: RepliesConfig['takeOffline'],
  subject: Case,
): { public: string; private: string } => {
  const brand = templates[subject.brand];
  return {
    public:
      subject.suggestedReply ?? fillTemplate(brand?.public ?? DEFAULT_TAKE_OFFLINE.public, subject),
    private: fillTemplate(brand?.private ?? DEFAULT_TAKE_OFFLINE.private, subject),
  };
};
