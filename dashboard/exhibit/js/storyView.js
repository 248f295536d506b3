/**
 * What the page shows of the story (`state.story`, the `story` event; docs/api.md): the act and its
 * caption while it plays by itself, and whether the one-neuron stand-in has just failed. Pure, so it
 * is tested without a browser (test/dashboard/exhibit/storyView.test.ts).
 */
import { wrongExamples } from './line.js';

/**
 * The view of one story state. `previous` is the view before it: a failed learn scene stays failed
 * through the scenes of the same act that follow it (the "no straight line" hold shows why), until
 * the act learns again or ends.
 */
export function storyView(story, previous = null) {
  if (!story?.playing || !story.act) return { playing: false };
  const scene = story.scene ?? null;
  const standIn = story.network === 'no-hidden' && story.standIn ? story.standIn : null;
  const sameAct = previous?.playing && previous.act.index === story.act.index;
  const examples = standIn ? (story.examples ?? []) : null;
  // After a learn scene the stand-in still answering wrongly means it failed: a page opened during
  // the "no straight line" hold knows it without having seen the learn scene end.
  const afterLearning = scene !== null && scene.kind !== 'learn';
  const failed =
    scene?.outcome === 'failed' ||
    (afterLearning && Boolean(sameAct && previous.failed)) ||
    (afterLearning && standIn !== null && examples.length > 0 && wrongExamples(standIn, examples).length > 0);
  return {
    playing: true,
    act: { index: story.act.index, n: story.act.index + 1, count: story.act.count, title: story.act.title },
    caption: scene?.caption ?? null,
    noHidden: story.network === 'no-hidden',
    standIn,
    examples,
    failed: Boolean(standIn) && failed,
  };
}

/** True when the story just handed the exhibit to a visitor: it was playing, now it is not. */
export const handedOver = (before, after) => Boolean(before?.playing) && !after?.playing;
