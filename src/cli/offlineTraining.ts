/**
 * The work of `neuroboard train`: load the rig and its saved state (as openExhibit does, without
 * boards), train in slices with progress shown, and save through the exhibit's store even on Ctrl-C.
 */
import { mkdir } from 'node:fs/promises';
import pc from 'picocolors';
import { NbError } from '../core/errors.js';
import { evaluateCorpus, packCorpus } from '../core/evaluate.js';
import { createForwardRunner } from '../core/forward.js';
import { createNetwork } from '../core/network.js';
import { lockDataFolder } from '../hosts/node/dataLock.js';
import { exhibitStore } from '../hosts/node/stateFile.js';
import { stateDocument } from '../runtime/exhibitState.js';
import { loadRigCorpus } from '../hosts/node/exhibitFiles.js';
import { loadRig } from '../hosts/node/exhibitFiles.js';
import { TrainingRunner, type TrainingMethod } from '../runtime/trainingRunner.js';
import { lessonsToJson } from '../runtime/visitorLessons.js';
import { nodeScheduler } from '../hosts/node/nodeScheduler.js';
import { EXIT_INTERRUPTED, exitCodeOf } from './exitCodes.js';
import { TrainingProgress } from './trainingProgressBar.js';

export interface TrainOptions {
  rig: string;
  method?: TrainingMethod;
  epochs?: number;
  targetLoss?: number;
  learningRate?: number;
  data: string;
  fresh?: boolean;
}

export async function train(opts: TrainOptions): Promise<void> {
  const loaded = await loadRig(opts.rig);
  const { rig } = loaded;
  for (const w of loaded.warnings) console.error(`${pc.yellow('warning')} ${w}`);
  const rigCorpus = await loadRigCorpus(rig, loaded.path);
  try {
    await mkdir(opts.data, { recursive: true });
  } catch (err) {
    throw new NbError('NB_ERR_IO', `cannot create the data folder ${opts.data} (${(err as Error).message}); pick another with --data`, { cause: err });
  }
  // A running exhibit on this folder would overwrite what we save, and we its saves. Released at exit.
  await lockDataFolder(opts.data);
  const store = exhibitStore(opts.data, rig.name);
  const saved = opts.fresh ? null : await store.load();
  if (saved?.warning) console.error(`${pc.yellow('warning')} ${saved.warning}`);
  const network =
    saved?.value.network ??
    createNetwork({ sizes: rig.network.layers, seed: rig.network.seed, activation: rig.network.activation, threshold: rig.network.threshold });
  const corpus = saved?.value.corpus ?? rigCorpus;
  if (network.sizes.join('-') !== rig.network.layers.join('-')) {
    throw new NbError(
      'NB_ERR_DIMENSION_MISMATCH',
      `the saved network in ${store.path} is ${network.sizes.join('-')} but rig "${rig.name}" says ${rig.network.layers.join('-')}; ` +
        'use --fresh to start again with the new shape',
    );
  }
  const method = opts.method ?? rig.training.method;
  const targetLoss = opts.targetLoss ?? rig.training.targetLoss;
  console.log(
    `${saved ? `Resuming from ${store.path}` : 'Starting from the rig\'s first guess'}: rig "${rig.name}", network ${network.sizes.join('-')}, ` +
      `${corpus.size} examples, ${method}, target loss ${targetLoss}`,
  );

  const runner = new TrainingRunner(nodeScheduler, { progressEveryMs: 100 });
  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(EXIT_INTERRUPTED); // a second Ctrl-C: the user really wants out
    interrupted = true;
    void runner.stop();
  };
  process.on('SIGINT', onSigint);
  let status;
  let progress: TrainingProgress | null = null;
  try {
    runner.start(network, corpus, {
      method,
      targetLoss,
      fromRandomGuess: false,
      ...(opts.epochs !== undefined ? { epochs: opts.epochs } : {}),
      ...(opts.learningRate !== undefined ? { learningRate: opts.learningRate } : {}),
    });
    // Only once training has really started: a bar left running would keep the process alive.
    progress = new TrainingProgress(process.stdout, method, opts.epochs ?? null, targetLoss);
    runner.on('progress', (s) => progress?.update(s));
    status = await runner.done();
    progress.finish(status);
    progress = null;
  } finally {
    progress?.abandon();
    process.off('SIGINT', onSigint);
  }

  // The corpus is the saved one, unchanged: who taught each example (visitors' lessons) stays as it was.
  const lessons = saved?.value.lessons;
  await store.save(stateDocument(rig.name, network, corpus, lessons ? lessonsToJson(lessons) : undefined));
  const evaluation = evaluateCorpus(createForwardRunner(network), packCorpus(corpus, network));
  console.log(
    `${interrupted ? 'Stopped' : 'Done'} after ${status.step} ${method === 'trial-and-error' ? 'tries' : 'epochs'} (${status.reason ?? 'ended'}): ` +
      `loss ${evaluation.loss.toPrecision(4)}, ${evaluation.correct} of ${evaluation.total} examples right.`,
  );
  console.log(`Saved to ${store.path}; \`neuroboard start\` with the same rig and data folder starts from it.`);
  if (status.message) console.log(status.message);
  if (interrupted) process.exitCode = EXIT_INTERRUPTED;
  else if (status.reason === 'not-linearly-separable') process.exitCode = exitCodeOf('NB_ERR_NOT_SEPARABLE');
}
