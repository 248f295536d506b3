/**
 * "Settled": the moment an `expect` judges the boards. A stimulus (a click, set-inputs, a teach, a
 * cable) starts things that take time to show: the cascade lights one layer after another, each
 * LED command crosses the serial link, fire pulses flash, a board is noticed gone or comes back.
 * Judging before that is over lets a check pass on a state the exhibit only passes through ("A
 * pressed: the answer is dark", true for the 600 ms the signal takes to arrive).
 *
 * The boards are settled when:
 * - every board the scenario has not unplugged is online, and every unplugged one is not;
 * - every online board's channels were sent the levels the current pass gives them (a cascade still
 *   playing has not sent the later layers yet), and the pin shows what was sent (the command has
 *   arrived, no fire pulse is lit, the PWM measurement window has caught up);
 * - all of that has held for SETTLE_QUIET_MS of scenario time: longer than the PWM window (24.5 ms)
 *   and a serial round trip, so a command still on the wire cannot be mistaken for a level that
 *   already agrees.
 * It compares what the exhibit means to show with what the boards show, so it needs no timer of
 * the exhibit's and cannot be fooled by a cascade whose new levels equal the old ones (nothing to
 * wait for then).
 *
 * In spiking mode the LEDs never rest (they follow potentials and flash spikes), so settled means
 * what the agreement check means by it (docs/spiking.md): the answer the spikes give has stopped
 * changing. It must hold, from the step's start, for one decision window plus the axon delays from
 * the inputs to the outputs (`settleQuietMs`, measured on the neurons' own clock): a press reaches
 * the outputs and fills their window within that, so an answer that has not moved by then is the one
 * the press leads to. The boards must still be online (or unplugged) as above.
 */
import type { TraceSnapshot } from '../core/forward.js';
import { planCascade } from '../runtime/cascade.js';
import type { Exhibit } from '../runtime/exhibit.js';
import type { TimeScale } from './timeScale.js';

/** How long (scenario ms) the boards must agree with the exhibit before they count as settled. */
export const SETTLE_QUIET_MS = 50;
/** How far the measured PWM duty may be from the level sent (it is measured over a window). */
export const SETTLE_TOLERANCE = 2;

/** What is still moving, in words ("board a0000004 channel 0: pin 255, sent 56"); empty when settled. */
export function unsettled(exhibit: Exhibit, trace: TraceSnapshot | null, unplugged: ReadonlySet<string>): string[] {
  const reasons: string[] = [];
  const kinds = ['', ...exhibit.network.layers.map((l) => l.activation)];
  const planned = trace ? planCascade(trace, exhibit.rig.cascade.gamma, kinds) : null;
  for (const board of exhibit.rig.boards) {
    const state = exhibit.boardState(board);
    if (unplugged.has(board.id)) {
      if (state.online) reasons.push(`board ${board.id} is unplugged but the host has not noticed yet`);
      continue;
    }
    if (!state.online) {
      reasons.push(`board ${board.id} is ${state.state}`);
      continue;
    }
    if (exhibit.spikingNow) continue; // the spikes drive the LEDs: the answer is what settles
    for (const ch of state.channels) {
      const want = planned?.[ch.layer]?.levels[ch.node];
      if (want !== undefined && ch.ledLevel !== want) {
        reasons.push(`board ${board.id} channel ${ch.channel}: the cascade has not reached it (sent ${ch.ledLevel}, the pass gives ${want})`);
      } else if (ch.measuredLevel !== null && Math.abs(ch.measuredLevel - ch.ledLevel) > SETTLE_TOLERANCE) {
        reasons.push(`board ${board.id} channel ${ch.channel}: the pin shows ${ch.measuredLevel}, the host sent ${ch.ledLevel}`);
      }
    }
  }
  return reasons;
}

/**
 * Waits until the boards have settled (held for SETTLE_QUIET_MS), at most `timeoutMs` of scenario
 * time. Resolves with how long it took, or with what was still moving when the time ran out.
 */
export async function settle(
  exhibit: Exhibit,
  scale: TimeScale,
  trace: () => TraceSnapshot | null,
  unplugged: ReadonlySet<string>,
  timeoutMs: number,
): Promise<{ settled: true; afterMs: number } | { settled: false; reasons: string[] }> {
  const startedAt = scale.now();
  let calmSince: number | null = null;
  let reasons: string[] = [];
  let answer: string | null = null;
  let answerSince = 0;
  const settled = await scale.until(() => {
    reasons = unsettled(exhibit, trace(), unplugged);
    const spiking = exhibit.spikingNow;
    if (spiking) {
      const key = spiking.answer.join();
      if (key !== answer) {
        answer = key;
        answerSince = spiking.timeMs;
      }
      const held = spiking.timeMs - answerSince;
      if (held < spiking.settleQuietMs) reasons.push(`the spikes' answer [${key}] has held ${Math.round(held)} ms of the ${spiking.settleQuietMs} ms it must`);
    }
    const now = scale.now();
    if (reasons.length > 0) calmSince = null;
    else calmSince ??= now;
    return calmSince !== null && now - calmSince >= SETTLE_QUIET_MS;
  }, timeoutMs + SETTLE_QUIET_MS);
  return settled ? { settled: true, afterMs: Math.max(0, scale.now() - startedAt - SETTLE_QUIET_MS) } : { settled: false, reasons };
}
