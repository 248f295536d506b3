/**
 * Names from the rig: each node's label (state.labels when the server gives them, else the same
 * defaults the server uses: "input N", "hidden N", "output N") and the board each node is on.
 */
export function nodeLabels(state) {
  const sizes = state.rig.layers;
  const last = sizes.length - 1;
  if (!state.labels && isDigitRig(state)) {
    // the names digits7.json gives its nodes, for a server that does not send labels yet
    const hidden = sizes.slice(1, -1).map((n) => Array.from({ length: n }, (_, j) => `hidden ${j + 1}`));
    return [[...'abcdefg'], ...hidden, Array.from({ length: 10 }, (_, j) => String(j))];
  }
  const kind = (l) => (l === 0 ? 'input' : l === last ? 'output' : 'hidden');
  return sizes.map((n, l) => Array.from({ length: n }, (_, j) => state.labels?.[l]?.[j] ?? `${kind(l)} ${j + 1}`));
}

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
