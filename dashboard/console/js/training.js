/**
 * Training controls and status: method, start and stop, the loss curve, and for trial and error
 * how many random changes it tries and keeps each second.
 *
 * Every status says whose run it is (`of`): the exhibit's own, or the story's on a copy of the
 * network while it plays. The method menu shows the exhibit's last run's method until someone picks
 * one; from then on it is theirs, and no state update changes it (otherwise the 3-second refresh put
 * the old method back and Start ran the wrong one). The story's runs never change it: after the
 * story, Start would otherwise run act 1's perceptron on the exhibit's own network. A refused Start
 * or Stop says why right beside the buttons.
 *
 * Learning to watch: "Start again from a random guess" (paced), the pace of the run going now, and
 * one step at a time; each try (a `try` event or a step's reply) is shown on its own line.
 */
import { createLossChart } from './chart.js';

export function createTrainingPanel({ form, method, start, stop, status, problem, chart: chartEl }, { client, onError }) {
  const chart = createLossChart(chartEl);
  let run = null; // whose run the curve shows, and when it started
  let last = null; // previous status, for rates
  let picked = false; // someone chose a method: state updates leave the menu alone

  const doc = form.ownerDocument;
  const restart = doc.getElementById('train-restart');
  const pace = doc.getElementById('train-pace');
  const stepButton = doc.getElementById('train-step');
  const tryLine = doc.getElementById('train-try');

  /** Runs a control's request, showing its refusal beside the buttons. */
  async function act(request) {
    refused(null);
    try {
      return await request();
    } catch (err) {
      refused(err);
      onError(err);
      return null;
    }
  }
  restart.addEventListener('click', () =>
    act(async () => {
      await client.stopTraining();
      show(await client.train({ fromRandomGuess: true, watch: true, ...(pace.value === '' ? {} : { pace: Number(pace.value) }) }));
    }),
  );
  // A pace typed while a run goes changes that run; otherwise it is used by the next restart.
  pace.addEventListener('change', () => {
    if (last?.running && pace.value !== '') act(async () => show(await client.setPace(Number(pace.value))));
  });
  stepButton.addEventListener('click', () => act(async () => showTry(await client.step())));

  /** One try: what changed, the error before and after, kept or undone, and the counts. */
  function showTry(e) {
    if (!e) return;
    const changed = e.changed.length <= 6 ? `weights ${e.changed.join(', ')}` : `${e.changed.length} weights`;
    tryLine.textContent = `try ${e.tried.toLocaleString()}: ${changed} changed, error ${e.before.toPrecision(3)} → ${e.after.toPrecision(3)}, ${e.outcome} · ${e.kept.toLocaleString()} kept · ${e.correct} of ${e.total} right`;
    tryLine.dataset.tried = String(e.tried);
  }

  method.addEventListener('change', () => {
    picked = true;
    refused(null);
  });

  /** Shows (or with null, clears) why the server refused what was pressed, next to the buttons. */
  function refused(err) {
    problem.textContent = err ? err.message : '';
    problem.hidden = !err;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    start.disabled = true;
    refused(null);
    try {
      show(await client.train({ method: method.value }));
    } catch (err) {
      start.disabled = false;
      refused(err);
      onError(err);
    }
  });
  stop.addEventListener('click', async () => {
    stop.disabled = true;
    refused(null);
    try {
      show(await client.stopTraining());
    } catch (err) {
      stop.disabled = false;
      refused(err);
      onError(err);
    }
  });

  function rates(s) {
    if (!last || last.of !== s.of || last.startedAt !== s.startedAt || s.tried === undefined || !s.elapsedMs || s.elapsedMs <= last.elapsedMs) return null;
    const dt = (s.elapsedMs - last.elapsedMs) / 1000;
    return { tried: (s.tried - last.tried) / dt, kept: (s.kept - last.kept) / dt };
  }

  /** The status line: whose run, how far, how fast. */
  function describe(s) {
    const loss = s.loss === null || s.loss === undefined ? '–' : s.loss.toPrecision(3);
    const parts = [s.running ? `${s.method}: learning` : s.method ? `${s.method}: ${s.reason ?? 'stopped'}` : 'idle: press Start to watch it learn from the examples'];
    // The story trains a copy (act 1 a one-neuron stand-in): say whose run this is, not the exhibit's own.
    if (s.of === 'story') parts.unshift("the story's run, on a copy of the network");
    if (s.method) parts.push(`step ${s.step.toLocaleString()}`, `loss ${loss}`);
    if (s.tried !== undefined) {
      const r = s.running ? rates(s) : null;
      parts.push(
        r
          ? `tried ${Math.round(r.tried).toLocaleString()}/s, kept ${Math.round(r.kept).toLocaleString()}/s`
          : `tried ${s.tried.toLocaleString()}, kept ${s.kept.toLocaleString()}`,
      );
    }
    if (s.message) parts.push(s.message);
    return parts.join(' · ');
  }

  /** Shows a training status (from the state, a `training` event or a reply). */
  function show(s) {
    if (!s) return;
    const thisRun = `${s.of}:${s.startedAt ?? 'none'}`;
    if (thisRun !== run) {
      // Another run, or after the story its copy's curve gives way to the exhibit's own (none if it never trained).
      run = thisRun;
      last = null;
      chart.reset();
    }
    if (s.startedAt && s.elapsedMs !== undefined) chart.add(s.elapsedMs / 1000, s.loss);
    start.disabled = s.running;
    stop.disabled = !s.running;
    stepButton.disabled = s.running;
    if (s.running && s.pace !== undefined && doc.activeElement !== pace) pace.value = String(s.pace);
    if (s.method && !picked && s.of === 'exhibit') method.value = s.method;
    status.textContent = describe(s);
    status.dataset.running = String(s.running);
    last = s;
  }

  return { show, showTry };
}
