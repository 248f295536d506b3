/**
 * A language picked while the story plays by itself is reset when the visitor leaves (issue 19 item 7;
 * dashboard/exhibit/js/languageReturn.js, loaded by URL, on vitest's fake timers).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { createLanguageReturn } = await import(new URL('../../../dashboard/exhibit/js/languageReturn.js', import.meta.url).href);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a language picked while nobody is at the exhibit', () => {
  it('goes back idleMs after the last pick, counted from the last pick', () => {
    const reset = vi.fn();
    const languages = createLanguageReturn({ reset });
    languages.picked({ idle: true, idleMs: 60_000 });
    vi.advanceTimersByTime(40_000);
    languages.picked({ idle: true, idleMs: 60_000 }); // another pick: they are still there
    vi.advanceTimersByTime(59_000);
    expect(reset).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(reset).toHaveBeenCalledTimes(1);
  });

  it('waits no more once they press (the exhibit is not idle: its own idle resets it), nor for a pick while a visitor is there', () => {
    const reset = vi.fn();
    const languages = createLanguageReturn({ reset });
    languages.picked({ idle: true, idleMs: 1_000 });
    languages.cancel();
    languages.picked({ idle: false, idleMs: 1_000 });
    vi.advanceTimersByTime(5_000);
    expect(reset).not.toHaveBeenCalled();
  });
});
