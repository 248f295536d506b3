/**
 * A rig's own words per language: its title, its boards' names and its nodes' labels, each a text
 * (exhibitText.ts) that may carry one string per language. What /api/state hands the pages, so a
 * page shows the rig in its visitor's language, and what `neuroboard check` holds to: every text in
 * every language the rig writes in. Pure.
 */
import { languagesOf, missingTranslations, textIn, type PlacedText, type TextProblem } from '../exhibitText.js';
import { nodeLabels } from './labels.js';
import type { Rig } from './schema.js';

/** The language a rig's plain strings are in, and what its pages fall back to: `language`, else en. */
export const rigLanguage = (rig: Pick<Rig, 'language'>): string => rig.language ?? 'en';

/** A rig board's name in the rig's default language, as logs and errors say it (undefined: it has none). */
export const boardNameOf = (rig: Pick<Rig, 'language'>, board: { name?: Rig['boards'][number]['name'] }): string | undefined =>
  board.name === undefined ? undefined : textIn(board.name, rigLanguage(rig), rigLanguage(rig));

/** The rig's words in one language, the default language's where it has none. */
export interface RigWords {
  title: string;
  /** Board id → its name (boards without a name are left out). */
  boards: Record<string, string>;
  /** labels[layer][node]: every node's name (nodeLabels). */
  labels: string[][];
}

/** Every text of a rig that visitors or staff read, with its field. */
export function rigTexts(rig: Rig): PlacedText[] {
  const texts: PlacedText[] = [{ field: '/title', text: rig.title }];
  rig.boards.forEach((board, b) => {
    if (board.name !== undefined) texts.push({ field: `/boards/${b}/name`, text: board.name });
    board.channels.forEach((c, i) => {
      if (c.label !== undefined) texts.push({ field: `/boards/${b}/channels/${i}/label`, text: c.label });
    });
  });
  return texts;
}

/** The languages the rig is written in: its default first, then every language one of its texts gives. */
export const rigLanguages = (rig: Rig): string[] => languagesOf(rigTexts(rig), rigLanguage(rig));

/** The rig's words in `language`. */
export function rigWords(rig: Rig, language: string): RigWords {
  const fallback = rigLanguage(rig);
  const boards: Record<string, string> = {};
  for (const board of rig.boards) if (board.name !== undefined) boards[board.id] = textIn(board.name, language, fallback);
  return { title: textIn(rig.title, language, fallback), boards, labels: nodeLabels(rig, language) };
}

/** The rig's words in each language it is written in (its default language's where one is missing). */
export function rigWordsByLanguage(rig: Rig): Record<string, RigWords> {
  return Object.fromEntries(rigLanguages(rig).map((language) => [language, rigWords(rig, language)]));
}

/** Each text missing a language the rig writes in (warnings), and each with no default-language string (errors). */
export function rigTranslationProblems(rig: Rig): { warnings: TextProblem[]; errors: TextProblem[] } {
  return missingTranslations(rigTexts(rig), rigLanguages(rig), rigLanguage(rig));
}
