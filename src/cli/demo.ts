/**
 * The terminal demo: a network learns XOR by trial and error while you watch, then shows how a
 * signal cascades through it for each of the four inputs. No boards needed. It learns at the pace
 * the exhibit uses for a run people watch, so the loss can be seen falling, and prints the loss with
 * significant digits, so that "close, but never perfect" shows. This file is at the edge, so it may
 * use timers and streams; the math stays in core.
 */
import {
  classicCorpus,
  createForwardRunner,
  createNetwork,
  createTrialAndErrorTrainer,
  type TrialAndErrorResult,
} from '../core/index.js';
import { WATCH_PACE } from '../runtime/trainingRequest.js';

/** Tries per slice at full speed: small enough that the event loop gets a turn every few milliseconds. */
const SLICE = 25;
/** Without a TTY (a log file, CI) at full speed, print a progress line every this many tries. */
const LINE_EVERY = 200;
/** Without a TTY, paced: a progress line every this many seconds of watching. */
const LINE_EVERY_S = 2;
/**
 * A guess can be slow to improve (a few seeds need minutes at 20 tries a second): after this long
 * the demo stops pacing and finishes at full speed, so it always ends soon.
 */
const WATCH_LIMIT_MS = 60_000;

/** The time the pace is kept by; tests hand in one whose sleeps return at once. */
export interface DemoClock {
  /** Milliseconds on a clock that only goes forward. */
  now(): number;
  /** Resolves after `ms` milliseconds (at once, after other waiting work, for 0). */
  sleep(ms: number): Promise<void>;
}

export interface DemoOptions {
  /** Random seed, so a run repeats exactly (default 1). */
  seed?: number;
  /** Tries a second (default WATCH_PACE, the exhibit's pace for a run people watch); 0 = full speed. */
  pace?: number;
  clock?: DemoClock;
}

const realClock: DemoClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve))),
};

/**
 * Trains XOR (2-3-1) by trial and error with a live progress line, then prints the cascade for
 * each of the four inputs, layer by layer (● fired, ○ did not), the answer, and how far the output
 * is from perfect.
 */
export async function runDemo(out: NodeJS.WritableStream, opts: DemoOptions = {}): Promise<void> {
  const seed = opts.seed ?? 1;
  const clock = opts.clock ?? realClock;
  const tty = (out as NodeJS.WritableStream & { isTTY?: boolean }).isTTY === true;
  const corpus = classicCorpus('xor');
  const net = createNetwork({ sizes: [2, 3, 1], seed });
  const trainer = createTrialAndErrorTrainer(net, corpus, { seed, targetLoss: 0.005, maxEvaluations: 200_000 });
  let pace = opts.pace ?? WATCH_PACE;

  out.write(`Learning XOR by trial and error (seed ${seed}): nudge the weights, keep a change if it is not worse.\n`);
  out.write(
    pace > 0
      ? `${pace} tries a second, so you can watch the loss (how wrong it is) fall; --pace 0 goes at full speed, Ctrl-C stops.\n`
      : 'At full speed (--pace 0).\n',
  );
  const startedAt = clock.now();
  let r: TrialAndErrorResult;
  let lastLine = 0;
  do {
    r = trainer.step(pace > 0 ? 1 : SLICE);
    if (tty) out.write(`\r${progress(r)}`);
    else if (r.done || r.step - lastLine >= (pace > 0 ? pace * LINE_EVERY_S : LINE_EVERY)) {
      out.write(`${progress(r)}\n`);
      lastLine = r.step;
    }
    if (r.done) break;
    if (pace > 0 && clock.now() - startedAt >= WATCH_LIMIT_MS) {
      out.write(`${tty ? '\n' : ''}This guess is taking more than a minute to watch: finishing at full speed.\n`);
      pace = 0;
    }
    // Paced: try n+1 is due n/pace seconds after the start, by the clock (so slow steps cause no
    // drift). At full speed: let timers, sockets and Ctrl-C run between slices.
    await clock.sleep(pace > 0 ? startedAt + (r.step * 1000) / pace - clock.now() : 0);
  } while (!r.done);
  if (tty) out.write('\n');
  out.write(
    r.reason === 'target-reached'
      ? `Close enough after ${r.evaluations} tests of the corpus (${r.restarts} fresh starts): the loss is ${lossText(r.loss)}, small but not 0. Never perfect, but right:\n\n`
      : `Stopped (${r.reason}); the best network so far (loss ${lossText(r.loss)}):\n\n`,
  );

  const runner = createForwardRunner(net);
  for (const example of corpus.examples) {
    const trace = runner.run(example.inputs);
    const lines = [`inputs  ${example.inputs.map((x) => `${x >= 0.5 ? '●' : '○'} ${x.toFixed(2)}`).join('   ')}`];
    trace.layers.forEach((layer, l) => {
      const name = l === trace.layers.length - 1 ? 'output ' : `hidden${trace.layers.length > 2 ? l + 1 : ''} `;
      const nodes = Array.from(layer.activations, (a, j) => `${layer.fired[j] === 1 ? '●' : '○'} ${a.toFixed(2)}`);
      lines.push(`${name} ${nodes.join('   ')}`);
    });
    const output = trace.outputs[0]!;
    const answer = output >= 0.5 ? 1 : 0;
    const wanted = example.targets[0]!;
    const gap = Math.abs(wanted - output);
    lines.push(
      `answer  ${example.inputs.join(' XOR ')} = ${answer}  (${gap === 0 ? 'exactly right' : `off by ${gap.toPrecision(2)}`})` +
        (answer === wanted ? '' : `  (wanted ${wanted})`),
    );
    out.write(`${lines.join('\n')}\n\n`);
  }
}

/**
 * The loss to three significant figures: 0.0854, 0.00452, 0.0000287. Fixed decimals would round a
 * small loss to 0.0000, which reads as perfect; it never is.
 */
function lossText(loss: number): string {
  return loss === 0 ? '0' : loss.toPrecision(3);
}

function progress(r: TrialAndErrorResult): string {
  return (
    `step ${String(r.step).padStart(5)}  loss ${lossText(r.loss).padEnd(9)}  right ${r.correct} of ${r.total}  ` +
    `tried ${r.tried} kept ${r.kept}  restarts ${r.restarts}  step size ${r.sigma.toFixed(3)}`
  );
}
