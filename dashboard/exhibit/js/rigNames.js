/**
 * What the visitor page reads from the rig, in the visitor's language: the title, the nodes' names
 * (kit/nodeNames.js), the board each node is on, whether it is the seven-segment rig, the answers'
 * names, and the story's own words. A rig carries its words per language (`state.rig.words`,
 * docs/rigs.md); where it has none in the page's language, the rig's default language shows.
 */
import { nodeLabels as labelsOf } from '../../kit/nodeNames.js';
import { language, t } from './i18n.js';

/** The rig's words in the page's language, else in the rig's default language (null from an older server). */
export function rigWords(state) {
  const words = state?.rig?.words ?? {};
  return words[language()] ?? words[state?.rig?.language] ?? null;
}

/** The rig's title in the page's language. */
export const rigTitle = (state) => rigWords(state)?.title ?? state.rig.title;

/** labels[layer][node] in the page's language. */
export const nodeLabels = (state) => labelsOf(state, rigWords(state)?.labels);

/** What follows "input" in a sentence: "A" for a node labelled "A" or "input A". */
export const inputName = (label) => label.replace(/^input\s+/i, '');

/** `${layer}:${node}` → { board (its rig name, in the page's language), boardId (for the press route only), channel, hardware, online }. */
export function nodeBoards(state) {
  const names = rigWords(state)?.boards ?? {};
  const map = new Map();
  for (const b of state.boards) {
    for (const c of b.channels) {
      map.set(`${c.layer}:${c.node}`, {
        board: names[b.id] ?? b.name ?? '',
        boardId: b.id,
        channel: c.channel,
        hardware: b.transport === 'serial' || b.transport === 'firmata',
        online: b.online !== false,
      });
    }
  }
  return map;
}

/** A seven-segment rig: seven inputs (segments a–g) and ten answers (digits 0–9). */
export const isDigitRig = (state) => state.rig.layers[0] === 7 && state.rig.layers.at(-1) === 10;

/** The names of the answers ("7" on digits7, not "output 8"). */
export function answerNames(state) {
  return nodeLabels(state).at(-1);
}

/**
 * A story's title or caption in the page's language: a key of the page's strings (`t`), the story's
 * own plain text (the rig's default language: `t` gives it back as it is), or one text per language.
 */
export function storyText(state, text, vars = {}) {
  if (text !== null && typeof text === 'object') return text[language()] ?? text[state?.rig?.language] ?? Object.values(text)[0] ?? '';
  return t(text, vars);
}
