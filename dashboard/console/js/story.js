/**
 * The story and the visitors, for staff: whether anybody is at the exhibit, what the story is doing
 * (act and scene, with their ids: this is the staff console), and buttons to play it now or stop it
 * (stopping hands the exhibit back with its own network, as a visitor's press does).
 */
import { clockTime } from './clock.js';

export function createStoryPanel({ visitors, status, play, stop, problem }, { client, onError }) {
  let story = null;
  let idleMs = null; // the rig's idle time, from the visitors' state

  async function act(request) {
    problem.hidden = true;
    try {
      show(await request());
    } catch (err) {
      problem.textContent = err.message;
      problem.hidden = false;
      onError(err);
    }
  }
  play.addEventListener('click', () => act(client.playStory));
  stop.addEventListener('click', () => act(client.stopStory));

  /** The story's state (GET /api/story, the `story` event, a Play or Stop reply). */
  function show(next) {
    story = next ?? story;
    if (!story) return;
    const has = story.name !== null;
    play.hidden = stop.hidden = !has;
    stop.disabled = !story.playing;
    if (!has) status.textContent = 'This rig has no story (see docs/stories.md).';
    else if (story.playing && story.act) {
      const scene = story.scene ? `, scene ${story.scene.index + 1}: ${story.scene.kind}${story.scene.outcome ? ` (${story.scene.outcome})` : ''}` : '';
      status.textContent = `Story "${story.name}" playing: act ${story.act.index + 1} of ${story.act.count} (${story.act.id})${scene}.`;
    } else {
      const after = idleMs ? ` after ${Math.round(idleMs / 1000)} s with nobody pressing` : ' when nobody is there';
      status.textContent = `Story "${story.name}" is not playing; it plays by itself${after} unless the rig turns that off.`;
    }
    status.dataset.playing = String(story.playing);
  }

  /** Whether anybody is there (the state's `visitors`, the `visitors` event). */
  function showVisitors(v) {
    if (!v) return;
    if (v.idleMs !== undefined && v.idleMs !== idleMs) {
      idleMs = v.idleMs;
      show(null); // the story line names the idle time
    }
    visitors.dataset.idle = String(v.idle);
    if (v.lastActivityAt === null) visitors.textContent = 'Nobody has pressed anything since the start.';
    else visitors.textContent = v.idle ? `Nobody here: the last press was at ${clockTime(v.lastActivityAt)}.` : `A visitor is here: last press at ${clockTime(v.lastActivityAt)}.`;
  }

  return { show, showVisitors };
}
