/**
 * The terminal demo: a network learns XOR by trial and error while you watch, then shows how a
 * signal cascades through it for each of the four inputs. No boards needed; `neuroboard start`
 * calls it. This file is at the edge, so it may use timers and streams; the math stays in core.
 */
import {
  classicCorpus,
  createForwardRunner,
  createNetwork,
  createTrialAndErrorTrainer,
  type TrialAndErrorResult,
} from '../core/index.js';

/** Tries per slice: small enough that the event loop gets a turn every few milliseconds. */
const SLICE = 25;
/** Without a TTY (a log file, CI), print a progress line every this many tries. */
const LINE_EVERY = 200;

/**
 * Trains XOR (2-3-1) by trial and error with a live progress line, then prints the cascade for
 * each of the four inputs, layer by layer (● fired, ○ did not), and the answer.
 */
export async function runDemo(out: NodeJS.WritableStream, opts: { seed?: number } = {}): Promise<void> {
  const seed = opts.seed ?? 1;
  const tty = (out as NodeJS.WritableStream & { isTTY?: boolean }).isTTY === true;
  const corpus = classicCorpus('xor');
  const net = createNetwork({ sizes: [2, 3, 1], seed });
  const trainer = createTrialAndErrorTrainer(net, corpus, { seed, targetLoss: 0.005, maxEvaluations: 200_000 });

  out.write(`Learning XOR by trial and error (seed ${seed}): nudge the weights, keep a change if it is not worse.\n`);
  let r: TrialAndErrorResult;
  let lastLine = 0;
  do {
    r = trainer.step(SLICE);
    if (tty) out.write(`\r${progress(r)}`);
    else if (r.done || r.step - lastLine >= LINE_EVERY) {
      out.write(`${progress(r)}\n`);
      lastLine = r.step;
    }
    // Let timers, sockets and button presses run between slices.
    await new Promise<void>((resolve) => setImmediate(resolve));
  } while (!r.done);
  if (tty) out.write('\n');
  out.write(
    r.reason === 'target-reached'
      ? `Close enough after ${r.evaluations} tests of the corpus (${r.restarts} fresh starts). Never perfect, but right:\n\n`
      : `Stopped (${r.reason}); the best network so far:\n\n`,
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
    const answer = trace.outputs[0]! >= 0.5 ? 1 : 0;
    const wanted = example.targets[0]!;
    lines.push(`answer  ${example.inputs.join(' XOR ')} = ${answer}${answer === wanted ? '' : `  (wanted ${wanted})`}`);
    out.write(`${lines.join('\n')}\n\n`);
  }
}

function progress(r: TrialAndErrorResult): string {
  return `step ${String(r.step).padStart(5)}  loss ${r.loss.toFixed(4)}  tried ${r.tried} kept ${r.kept}  restarts ${r.restarts}  step size ${r.sigma.toFixed(3)}`;
}
