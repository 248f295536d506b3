/**
 * neuroboard's core: the network, its forward pass, training, the corpus and the network's spiking
 * twin. Pure: no I/O, no timers, no Node-only APIs, so it runs the same in the host, in tests and in
 * a browser.
 */
export { NbError, isNbError, ERROR_TABLE, type ErrorCode } from './errors.js';
export { createRng, type Rng } from './rng.js';
export {
  ACTIVATIONS,
  ACTIVATION_NAMES,
  canOutput,
  getActivation,
  isActivationName,
  type Activation,
  type ActivationName,
  type OutputRange,
} from './activations.js';
export {
  MAX_LAYERS,
  MAX_LAYER_SIZE,
  allocateNetwork,
  cloneNetwork,
  copyParams,
  createNetwork,
  parameterCount,
  randomizeParams,
  validateSizes,
  type CreateNetworkOptions,
  type Layer,
  type Network,
} from './network.js';
export {
  createForwardRunner,
  forwardPass,
  snapshotTrace,
  type ForwardRunner,
  type LayerTrace,
  type Trace,
  type TraceSnapshot,
} from './forward.js';
export {
  Corpus,
  assertCorpusFits,
  assertCorpusReachable,
  assertTargetsReachable,
  unreachableTarget,
  validateExample,
  type AddResult,
  type Example,
} from './corpus.js';
export {
  AND_EXAMPLES,
  CLASSIC_CORPUS_NAMES,
  LINES_3X3_EXAMPLES,
  MAJORITY3_EXAMPLES,
  OR_EXAMPLES,
  SEVEN_SEGMENT_EXAMPLES,
  SEVEN_SEGMENT_PATTERNS,
  XOR_EXAMPLES,
  classicCorpus,
  type ClassicCorpusName,
} from './corpora.js';
export {
  argmax,
  corpusLoss,
  evaluateCorpus,
  isCorrect,
  packCorpus,
  type CorrectnessRule,
  type Evaluation,
  type PackedCorpus,
} from './evaluate.js';
export {
  NETWORK_FORMAT,
  NETWORK_VERSION,
  networkFromJson,
  networkToJson,
  parseNetwork,
  stringifyNetwork,
  type NetworkJson,
} from './networkJson.js';
export {
  CORPUS_FORMAT,
  CORPUS_VERSION,
  corpusFromJson,
  corpusToJson,
  parseCorpus,
  stringifyCorpus,
  type CorpusJson,
} from './corpusJson.js';
export { corpusFromCsv, corpusToCsv } from './corpusCsv.js';
export { numberOption, type DoneReason, type StepResult, type Stepper } from './train/stepper.js';
export { LossHistory, type LossPoint } from './train/lossHistory.js';
export {
  accumulateExampleGradient,
  createGradientWorkspace,
  lossGradient,
  type GradientWorkspace,
} from './train/gradient.js';
export {
  createBackpropTrainer,
  type BackpropOptions,
  type BackpropResult,
  type BackpropTrainer,
} from './train/backprop.js';
export {
  createTrialAndErrorTrainer,
  type TrialAndErrorOptions,
  type TrialAndErrorResult,
  type TrialAndErrorTrainer,
} from './train/trialAndError.js';
export {
  createPerceptronTrainer,
  type PerceptronOptions,
  type PerceptronResult,
  type PerceptronTrainer,
} from './train/perceptron.js';
export {
  DEFAULT_SPIKING_PARAMS,
  createSpikingNetwork,
  hardSigmoid,
  hardSigmoidPass,
  lifRate,
  rateMapping,
  spikingParams,
  type RateMapping,
  type SpikingNetwork,
  type SpikingParams,
} from './spiking.js';
export {
  checkAgreement,
  networkAnswer,
  runExample,
  spikingAnswer,
  type AgreementOptions,
  type AgreementReport,
  type Answer,
  type Difference,
  type ExampleRun,
} from './spikingAgreement.js';
