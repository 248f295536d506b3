/**
 * An exhibit's own words: every text a rig or its story shows visitors (the title, board names, node
 * labels, act titles, captions) is either a plain string, in the rig's default language, or one
 * string per language, inline: `{ "en": "answer", "de": "Antwort", "fr": "réponse" }`. One file
 * holds a rig's words in every language, with no keys to invent; a page picks the visitor's language
 * and falls back to the rig's default. Pure: the schemas, the choice of a language, and the checks
 * (`neuroboard check` warns of each missing translation).
 */
import Type from 'typebox';

/** A language as the pages name their string files: two lower-case letters (en, de, fr). */
export const LANGUAGE_PATTERN = '^[a-z]{2}$';

/** A text: one string (the rig's default language) or one per language. */
export type Text = string | Readonly<Record<string, string>>;

export interface TextLimits {
  minLength?: number;
  maxLength: number;
  /** What one string must match besides its length (e.g. '\\S': not blank). */
  pattern?: string;
  description: string;
}

/** The schema of a text whose every string keeps to `limits`. */
export function textSchema(limits: TextLimits) {
  const length = `${limits.minLength ?? 0} to ${limits.maxLength} characters`;
  const string = {
    ...(limits.minLength !== undefined ? { minLength: limits.minLength } : {}),
    maxLength: limits.maxLength,
    ...(limits.pattern !== undefined ? { pattern: limits.pattern } : {}),
  };
  // The titles are what `neuroboard check` says is allowed when a text is wrong (core/schemaErrors.ts).
  const one = Type.String({ ...string, title: `a text of ${length}${limits.pattern === '\\S' ? ' (not blank)' : ''}` });
  const perLanguage = Type.Record(Type.String({ pattern: LANGUAGE_PATTERN }), Type.String(string), {
    minProperties: 1,
    additionalProperties: false,
    title: `{ "en": "…", "de": "…" } (a text per two-letter language code, each ${length})`,
    description: 'One string per language, keyed by its two-letter code: { "en": "answer", "de": "Antwort" }.',
  });
  return Type.Union([one, perLanguage], {
    description: `${limits.description} A string (in the rig's default language) or one per language: { "en": "…", "de": "…" }.`,
  });
}

/** The text in `language`, else in `fallback` (the rig's default language), else the first one given. */
export function textIn(text: Text, language: string, fallback: string): string {
  if (typeof text === 'string') return text;
  return text[language] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}

/** The languages a text is written in: its keys, or the default language for a plain string. */
export function textLanguages(text: Text, fallback: string): string[] {
  return typeof text === 'string' ? [fallback] : Object.keys(text);
}

/**
 * A plain name that reads the same in every language: a letter, a number, or a letter and a number
 * ("A", "c", "h1", "7"). No translation is asked of it.
 */
export const isLanguageNeutral = (text: Text): boolean => typeof text === 'string' && /^\p{L}?\p{N}{0,3}$/u.test(text.trim()) && text.trim() !== '';

/** One text of a file, where it is (a JSON pointer) and what it is. */
export interface PlacedText {
  field: string;
  text: Text;
}

export interface TextProblem {
  field: string;
  message: string;
}

/**
 * The languages a file's texts are meant to be read in: its default language and every language any
 * of its texts gives. A rig written in one language is not asked for others; one that translates
 * some of its words is asked to translate them all.
 */
export function languagesOf(texts: readonly PlacedText[], fallback: string): string[] {
  const all = new Set<string>([fallback]);
  for (const { text } of texts) for (const language of textLanguages(text, fallback)) all.add(language);
  return [...all].sort((a, b) => (a === fallback ? -1 : b === fallback ? 1 : a.localeCompare(b)));
}

/**
 * Each translation missing from `texts` in `languages` (one line per text, naming the field and the
 * languages it lacks: visitors reading those see the default language there; a language-neutral name
 * such as "A" lacks none), and each text with no
 * string in the default language, which the pages fall back to (an error: the caller refuses it).
 */
export function missingTranslations(
  texts: readonly PlacedText[],
  languages: readonly string[],
  fallback: string,
): { warnings: TextProblem[]; errors: TextProblem[] } {
  const warnings: TextProblem[] = [];
  const errors: TextProblem[] = [];
  for (const { field, text } of texts) {
    const has = textLanguages(text, fallback);
    if (!has.includes(fallback)) {
      errors.push({ field, message: `has no "${fallback}", the rig's default language, which visitors see where another is missing: add "${fallback}": "…"` });
    }
    const missing = isLanguageNeutral(text) ? [] : languages.filter((language) => !has.includes(language));
    if (missing.length > 0) {
      const shown = textIn(text, fallback, fallback);
      warnings.push({ field, message: `no ${missing.map((l) => `"${l}"`).join(' or ')} text: visitors reading ${missing.join(' or ')} see "${shown}"` });
    }
  }
  return { warnings, errors };
}
