/**
 * A language a visitor picks while nobody is at the exhibit (the story playing by itself) goes back
 * to the kiosk's own once they leave: `idleMs` (the rig's visitors.idleMs) after their last pick with
 * no press, the page calls `reset`. A press makes them a visitor: the exhibit's own idle then resets
 * it (main.js), so this waits no more. Timers are handed in, so it is tested without a browser
 * (test/dashboard/exhibit/languageReturn.test.ts).
 */
export function createLanguageReturn({ reset, setTimer = setTimeout, clearTimer = clearTimeout }) {
  let timer = null;
  const cancel = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
  };
  return {
    /** A language was picked; `visitors` is the exhibit's { idle, idleMs }. */
    picked(visitors) {
      cancel();
      if (!visitors?.idle) return;
      timer = setTimer(() => {
        timer = null;
        reset();
      }, visitors.idleMs);
    },
    /** Somebody pressed (the exhibit is not idle): the exhibit's own idle resets the language now. */
    cancel,
  };
}
