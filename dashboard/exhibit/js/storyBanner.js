/**
 * The story's banner while it plays by itself: which act (in words and as pips), the act's title,
 * the scene's caption set large, and one steady line saying what a visitor can do. The page around
 * it reads `document.body.dataset.story` ('playing' or 'visitor') to make room for it.
 */
import { el } from '../../kit/dom.js';

export function createStoryBanner(section, { t }) {
  const act = section.querySelector('#story-act');
  const pips = section.querySelector('#story-pips');
  const title = section.querySelector('#story-title');
  const caption = section.querySelector('#story-caption');

  function render(view) {
    section.hidden = !view.playing;
    document.body.dataset.story = view.playing ? 'playing' : 'visitor';
    if (!view.playing) return;
    act.textContent = t('story.act', { n: view.act.n, count: view.act.count });
    if (pips.childElementCount !== view.act.count) {
      pips.replaceChildren(...Array.from({ length: view.act.count }, () => el('span', { class: 'pip' })));
    }
    [...pips.children].forEach((pip, i) => pip.classList.toggle('done', i <= view.act.index));
    section.dataset.act = String(view.act.n);
    title.textContent = t(view.act.title);
    // Only a new caption is set: a screen reader then reads each caption once.
    const text = view.caption ? t(view.caption) : '';
    if (caption.textContent !== text) caption.textContent = text;
    caption.dataset.key = typeof view.caption === 'string' ? view.caption : ''; // a key, or the story's own words
  }

  return { render };
}
