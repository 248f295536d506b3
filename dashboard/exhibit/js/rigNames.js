/**
 * What the visitor page reads from the rig besides the nodes' names (kit/nodeNames.js): the board
 * each node is on, whether it is the seven-segment rig, and the answers' names.
 */
import { nodeLabels } from '../../kit/nodeNames.js';

/** What follows "input" in a sentence: "A" for a node labelled "A" or "input A". */
export const inputName = (label) => label.replace(/^input\s+/i, '');

/** `${layer}:${node}` → { board (its rig name), boardId (for the press route only), channel, hardware, online }. */
export function nodeBoards(state) {
  const map = new Map();
  for (const b of state.boards) {
    for (const c of b.channels) {
      map.set(`${c.layer}:${c.node}`, {
        board: b.name ?? '',
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
