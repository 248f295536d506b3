/** What `/api/state.story`, `GET /api/story` and the `story` event show (docs/stories.md). */
import type { NetworkJson } from '../../core/networkJson.js';
import type { SceneKind } from './schema.js';

export type LearnOutcome = 'learning' | 'learned' | 'failed';

export interface StoryState {
  /** null: the rig has no story. */
  name: string | null;
  /** True while it plays by itself. */
  playing: boolean;
  act: { index: number; id: string; count: number; title: string } | null;
  scene: {
    index: number;
    kind: SceneKind;
    caption: string;
    corpus?: string;
    method?: string;
    /** Learn scenes: how it is going, then how it ended. */
    outcome?: LearnOutcome;
  } | null;
  network: 'rig' | 'no-hidden' | null;
  /** The stand-in of a "no-hidden" act after its last epoch (for the decision map). */
  standIn: NetworkJson | null;
  /** The examples the act learns (the last learn scene's corpus), as dots on the map. */
  examples: { inputs: number[]; targets: number[] }[] | null;
}

export function idleStoryState(name: string | null): StoryState {
  return { name, playing: false, act: null, scene: null, network: null, standIn: null, examples: null };
}
