/**
 * A story's words: its act titles and scene captions. Each is a key of the visitor page's strings
 * (the page's own words, in every language it offers), or the story's own text (exhibitText.ts).
 * A key found in none of the page's languages would show visitors the key itself
 * (`story.vote.oneNeuron.title`), so it is an error; a key or a text missing some language is told
 * as a warning, since visitors then read the default language there. Pure: the host reads the page's
 * strings (ExhibitFiles.pageStrings).
 */
import { languagesOf, missingTranslations, type PlacedText, type Text, type TextProblem } from '../exhibitText.js';
import type { PageStrings } from '../../platform/exhibitFiles.js';
import type { Story } from './schema.js';

export type { PageStrings } from '../../platform/exhibitFiles.js';

/** A caption or title that names one of the page's strings: dotted words with no space (story.oneNeuron.title). */
export const CAPTION_KEY = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/;

/** Is this text a key of the page's strings (rather than the words themselves)? */
export const isCaptionKey = (text: Text): text is string => typeof text === 'string' && CAPTION_KEY.test(text);

/** Every title and caption of a story, with its field. */
export function storyTexts(story: Story): PlacedText[] {
  return story.acts.flatMap((act, a) => [
    { field: `/acts/${a}/title`, text: act.title },
    ...act.scenes.map((scene, s) => ({ field: `/acts/${a}/scenes/${s}/caption`, text: scene.caption })),
  ]);
}

/**
 * What is wrong with a story's words, for a rig whose default language is `language` and that is
 * written in `rigLanguages`: errors (a key the page does not have in any language; a text with no
 * string in the default language) and warnings (a key or text missing one of the languages the rig,
 * the story is in; a key missing from one of the page's files). Without `page`, keys are not checked.
 */
export function storyTextProblems(
  story: Story,
  language: string,
  rigLanguages: readonly string[] = [language],
  page?: PageStrings,
): { warnings: TextProblem[]; errors: TextProblem[] } {
  const all = storyTexts(story);
  const own = all.filter((t) => !isCaptionKey(t.text));
  const languages = [...new Set([...languagesOf(own, language), ...rigLanguages])];
  const { warnings, errors } = missingTranslations(own, languages, language);
  if (!page) return { warnings, errors };
  const files = Object.keys(page).sort();
  for (const { field, text } of all) {
    if (!isCaptionKey(text)) continue;
    const has = files.filter((l) => page[l]?.[text] !== undefined);
    if (has.length === 0) {
      errors.push({
        field,
        message:
          `"${text}" is a key (dotted words, no space) found in none of the visitor page's strings (${files.map((l) => `${l}.json`).join(', ')}), ` +
          `so visitors would read the key itself: write the words instead ("…", or { "${language}": "…", … }), or add the key to every language file`,
      });
      continue;
    }
    const missing = files.filter((l) => !has.includes(l));
    if (missing.length > 0) {
      warnings.push({ field, message: `key "${text}" has no ${missing.map((l) => `${l}.json`).join(' or ')} string: visitors reading ${missing.join(' or ')} see the ${has.includes(language) ? language : has[0]} one` });
    }
  }
  return { warnings, errors };
}
