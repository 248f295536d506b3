/**
 * What a refused request must not change, in one comparable value: the network's weights, the
 * inputs, the corpus and each example's source, training, the story, the last visitor action and
 * the buttons held. Shared by the cross-origin and kiosk tests (inject and Chromium).
 */
import type { Exhibit } from '../../src/runtime/exhibit.js';

export function exhibitSnapshot(exhibit: Exhibit): unknown {
  const state = exhibit.state();
  return {
    network: state.network,
    inputs: state.inputs,
    corpus: exhibit.corpus.examples.map((e) => ({ ...e, source: exhibit.lessons.sourceOf(e) })),
    training: { running: state.training.running, step: state.training.step, method: state.training.method },
    story: { playing: state.story.playing },
    lastVisitorAction: state.visitors.lastActivityAt,
    pressed: state.boards.map((b) => b.channels.map((c) => c.pressed)),
  };
}
