/**
 * Loads a scenario file and checks it against its schema AND its rig (board ids, channels, input and
 * output counts), before any board is started: a wrong file is one NbError that lists every problem
 * as "step 3 (steps[2].click.board): …", naming the file, so it can be fixed in one go.
 *
 * JSON always; YAML (.yaml/.yml) when the `yaml` package is installed (it is not a dependency yet).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import Type from 'typebox';
import { Errors as schemaErrorList } from 'typebox/schema';
import { describeSchemaErrors, type SchemaError } from '../core/schemaErrors.js';
import { parse as parseYaml, YAMLError } from 'yaml';
import { NbError } from '../core/errors.js';
import { readDataFile, resolveNamedFile } from '../hosts/node/dataFile.js';
import { BUILT_IN_NAME } from '../platform/exhibitFiles.js';
import { parseJsonFile } from '../core/jsonSyntax.js';
import { BOARDS_DIR } from '../hosts/node/paths.js';
import { loadRig } from '../hosts/node/exhibitFiles.js';
import { type LoadedRig } from '../runtime/rig/load.js';
import type { RigBoard } from '../runtime/rig/schema.js';
import { CONDITION_KINDS, ConditionSchemas, ScenarioSchema, STEP_KINDS, StepSchemas, type Condition, type ConditionKind, type LoadedStep, type Scenario, type StepKind } from './schema.js';

export interface LoadedScenario {
  /** Absolute path of the scenario file. */
  path: string;
  name: string;
  scenario: Omit<Scenario, 'steps'>;
  rig: LoadedRig;
  steps: LoadedStep[];
}

interface Problem {
  field: string;
  message: string;
  /** 0-based index into steps, when the problem is in a step. */
  step?: number;
}

/** The top level, with steps checked one by one afterwards (a union's errors would say nothing useful). */
const TopSchema = Type.Object({ ...ScenarioSchema.properties, steps: Type.Array(Type.Unknown(), { minItems: 1 }) }, { additionalProperties: false });

export async function loadScenario(path: string): Promise<LoadedScenario> {
  const absolute = resolve(path);
  const data = await readScenarioData(absolute);
  const problems: Problem[] = [];
  for (const p of describeErrors(schemaErrorList(TopSchema, data)[1], TopSchema, data)) problems.push({ field: p.path.replace(/^\./, '') || '/', message: p.message });
  if (problems.length > 0) throw scenarioError(absolute, problems);
  const top = data as Omit<Scenario, 'steps'> & { steps: unknown[] };

  const rigPath = await resolveRigPath(top.rig, absolute);
  if (!rigPath) {
    // A rig that cannot be read is exit 74 from every command (start, train, check, test), as the README's table says.
    throw new NbError(
      'NB_ERR_IO',
      `${basename(absolute)} (${absolute}): rig: no rig file ${JSON.stringify(top.rig)} next to the scenario, and no example rig of that name in ${join(BOARDS_DIR, 'rigs')}; ` +
        'give a path relative to the scenario file, or xor or digits7',
      { field: 'rig' },
    );
  }
  const rig = await loadRig(rigPath);

  const steps: LoadedStep[] = [];
  top.steps.forEach((raw, index) => {
    const step = parseStep(raw, index, problems);
    if (step) {
      checkAgainstRig(step, rig, problems);
      steps.push(step);
    }
  });
  if (problems.length > 0) throw scenarioError(absolute, problems);
  const { steps: _steps, ...rest } = top;
  return { path: absolute, name: top.name ?? basename(absolute).replace(/\.(json|ya?ml)$/, ''), scenario: rest, rig, steps };
}

async function readScenarioData(path: string): Promise<unknown> {
  const text = await readDataFile(path, 'scenario');
  const ext = extname(path).toLowerCase();
  if (ext !== '.yaml' && ext !== '.yml') return parseJsonFile(text, path, 'NB_ERR_INVALID_SCENARIO');
  try {
    // logLevel 'error': the package's warnings go to stderr quoting the file's lines.
    return parseYaml(text, { prettyErrors: true, logLevel: 'error' });
  } catch (err) {
    throw new NbError('NB_ERR_INVALID_SCENARIO', `${path}: ${yamlSyntaxMessage(err)}; fix the file (an editor that shows YAML errors helps)`);
  }
}

/** What the yaml package found wrong, with its line and column but without its excerpt of the file. */
function yamlSyntaxMessage(err: unknown): string {
  if (!(err instanceof YAMLError)) return /alias/i.test((err as Error).message) ? 'not valid YAML: an alias (*name) names no anchor (&name) before it' : 'not valid YAML';
  const where = err.linePos ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
  return `not valid YAML${where}: ${YAML_REASONS[err.code] ?? err.code.toLowerCase().replaceAll('_', ' ')}`;
}

/** The yaml package's error codes in words: its own messages can quote the text ("Invalid escape sequence \q"). */
const YAML_REASONS: Partial<Record<YAMLError['code'], string>> = {
  BAD_DQ_ESCAPE: 'a backslash in a "double-quoted" string that starts no known escape',
  BAD_INDENT: 'wrong indentation (a nested item must be indented more than its parent, all items of a list or map alike)',
  BLOCK_AS_IMPLICIT_KEY: 'a nested block used as a key',
  BLOCK_IN_FLOW: 'an indented block inside [ ] or { }',
  DUPLICATE_KEY: 'a key given twice in the same map (map keys must be unique)',
  KEY_OVER_1024_CHARS: 'a key longer than 1024 characters',
  MISSING_CHAR: 'a missing character (an unclosed quote, ] or })',
  MULTILINE_IMPLICIT_KEY: 'a key spread over several lines (is a ": " missing, or an indentation wrong?)',
  MULTIPLE_DOCS: 'more than one document (---) in the file',
  RESOURCE_EXHAUSTION: 'aliases that expand to too much',
  TAB_AS_INDENT: 'a tab used for indentation (YAML indents with spaces)',
  UNEXPECTED_TOKEN: 'something unexpected here (a missing ":", a stray character, or wrong indentation)',
};

/**
 * The rig a scenario names: a path relative to the scenario file, or the name of an example rig in
 * boards/rigs/. A path must stay inside the folder above the scenario's (scenarios live in a folder
 * beside their rig: scenarios/x.json names ../rig.json) or boards/ (dataFile.ts says why); null
 * when there is no such file.
 */
export async function resolveRigPath(rig: string, scenarioPath: string): Promise<string | null> {
  const example = join(BOARDS_DIR, 'rigs', `${rig}.json`);
  const byName = BUILT_IN_NAME.test(rig) && existsSync(example) ? example : null;
  let relative: string;
  try {
    relative = await resolveNamedFile({
      ref: rig,
      namingFile: scenarioPath,
      field: 'rig',
      namer: 'scenario',
      root: dirname(dirname(scenarioPath)),
      rootSays: "the folder above the scenario's folder",
      code: 'NB_ERR_INVALID_SCENARIO',
    });
  } catch (err) {
    if (byName) return byName;
    throw err;
  }
  return existsSync(relative) ? relative : byName;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The one kind key of a `{ kind: body }` object (besides `extra` keys), or a problem. */
function kindOf<K extends string>(value: unknown, kinds: readonly K[], extra: readonly string[], what: string): { kind: K } | { problem: string } {
  if (!isRecord(value)) return { problem: `must be an object with one of: ${kinds.join(', ')}` };
  const keys = Object.keys(value).filter((k) => !extra.includes(k));
  const known = keys.filter((k): k is K => (kinds as readonly string[]).includes(k));
  const unknown = keys.filter((k) => !(kinds as readonly string[]).includes(k));
  if (known.length === 1 && unknown.length === 0) return { kind: known[0]! };
  if (unknown.length > 0) return { problem: `unknown ${what} "${unknown[0]}"; use one of: ${kinds.join(', ')}` };
  if (known.length === 0) return { problem: `names no ${what}; use one of: ${kinds.join(', ')}` };
  return { problem: `names ${known.length} ${what}s (${known.join(', ')}); one per ${what === 'step kind' ? 'step' : 'condition'}` };
}

function parseCondition(value: unknown, at: string, step: number, problems: Problem[], extra: readonly string[] = []): Condition | null {
  const found = kindOf(value, CONDITION_KINDS, extra, 'condition');
  if ('problem' in found) {
    problems.push({ step, field: at, message: found.problem });
    return null;
  }
  const kind: ConditionKind = found.kind;
  const body = (value as Record<string, unknown>)[kind];
  const errors = describeErrors(schemaErrorList(ConditionSchemas[kind], body)[1], ConditionSchemas[kind], body);
  for (const e of errors) problems.push({ step, field: `${at}.${kind}${e.path}`, message: e.message });
  return errors.length > 0 ? null : ({ kind, body } as Condition);
}

function parseStep(raw: unknown, index: number, problems: Problem[]): LoadedStep | null {
  const at = `steps[${index}]`;
  const found = kindOf(raw, STEP_KINDS, ['name'], 'step kind');
  if ('problem' in found) {
    problems.push({ step: index, field: at, message: found.problem });
    return null;
  }
  const kind: StepKind = found.kind;
  const record = raw as Record<string, unknown>;
  const name = record['name'];
  if (name !== undefined && typeof name !== 'string') problems.push({ step: index, field: `${at}.name`, message: 'must be a string' });
  const body = record[kind];
  const where = `${at}.${kind}`;
  if (kind === 'expect' && isRecord(body) && body['withinMs'] !== undefined) {
    // The old spelling: an expect used to poll for withinMs, which let it pass on a state the
    // boards only passed through. Say what took its place rather than quietly changing its meaning.
    problems.push({
      step: index,
      field: `${where}.withinMs`,
      message:
        'an expect no longer takes withinMs: it judges the boards once they have settled (the cascade played out). ' +
        `For "holds at some moment within N ms" write { "eventually": { <the condition>, "withinMs": ${JSON.stringify(body['withinMs'])} } }`,
    });
    return null;
  }
  if (kind === 'expect' || kind === 'eventually') {
    const withinMs = kind === 'eventually' && isRecord(body) ? body['withinMs'] : undefined;
    if (withinMs !== undefined && !(Number.isInteger(withinMs) && (withinMs as number) >= 0 && (withinMs as number) <= 3_600_000)) {
      problems.push({ step: index, field: `${where}.withinMs`, message: 'must be a whole number of milliseconds from 0 to 3600000' });
    }
    const condition = parseCondition(body, where, index, problems, kind === 'eventually' ? ['withinMs'] : []);
    if (!condition) return null;
    return { kind, index, name: name as string | undefined, body: { condition, ...(withinMs === undefined ? {} : { withinMs: withinMs as number }) } } as LoadedStep;
  }
  if (kind === 'wait') {
    if (!isRecord(body)) {
      problems.push({ step: index, field: where, message: 'must be an object: { "ms": 500 } or { "until": { … }, "timeoutMs": 5000 }' });
      return null;
    }
    const { until, ...rest } = body;
    const waitSchema = Type.Omit(StepSchemas.wait, ['until']);
    const errors = describeErrors(schemaErrorList(waitSchema, rest)[1], waitSchema, rest);
    for (const e of errors) problems.push({ step: index, field: `${where}${e.path}`, message: e.message });
    if ((until === undefined) === (rest['ms'] === undefined)) {
      problems.push({ step: index, field: where, message: 'needs exactly one of "ms" (wait a time) or "until" (wait for a condition)' });
      return null;
    }
    const condition = until === undefined ? undefined : parseCondition(until, `${where}.until`, index, problems);
    if (errors.length > 0 || condition === null) return null;
    return { kind, index, name: name as string | undefined, body: { ...(rest as { ms?: number; timeoutMs?: number }), ...(condition ? { until: condition } : {}) } };
  }
  const errors = describeErrors(schemaErrorList(StepSchemas[kind], body)[1], StepSchemas[kind], body);
  for (const e of errors) problems.push({ step: index, field: `${where}${e.path}`, message: e.message });
  if (errors.length > 0) return null;
  if (kind === 'raw') {
    const { match } = body as { match?: string };
    if (match !== undefined) {
      try {
        new RegExp(match);
      } catch (err) {
        problems.push({ step: index, field: `${where}.match`, message: `is not a valid regular expression (${(err as Error).message})` });
        return null;
      }
    }
  }
  return { kind, index, name: name as string | undefined, body } as LoadedStep;
}

/** Board ids, channels and vector lengths must fit the rig the scenario names. */
function checkAgainstRig(step: LoadedStep, loaded: LoadedRig, problems: Problem[]): void {
  const { rig } = loaded;
  const where = `steps[${step.index}].${step.kind}`;
  const inputs = rig.network.layers[0]!;
  const outputs = rig.network.layers[rig.network.layers.length - 1]!;
  const board = (id: string, at: string): RigBoard | null => {
    const found = rig.boards.find((b) => b.id === id);
    if (!found) problems.push({ step: step.index, field: at, message: `no board "${id}" in rig "${rig.name}" (boards: ${rig.boards.map((b) => b.id).join(', ')})` });
    return found ?? null;
  };
  const channel = (b: RigBoard, ch: number | undefined, at: string): void => {
    if (ch !== undefined && !b.channels.some((c) => c.channel === ch)) {
      problems.push({ step: step.index, field: at, message: `board ${b.id} has no channel ${ch} in rig "${rig.name}" (channels: ${b.channels.map((c) => c.channel).join(', ')})` });
    }
  };
  const length = (values: readonly unknown[] | undefined, want: number, at: string, what: string): void => {
    if (values !== undefined && values.length !== want) {
      problems.push({ step: step.index, field: at, message: `must hold ${want} ${what} (rig "${rig.name}" is ${rig.network.layers.join('-')}), not ${values.length}` });
    }
  };
  const condition = (c: Condition, at: string): void => {
    switch (c.kind) {
      case 'led': {
        const b = board(c.body.board, `${at}.led.board`);
        if (b && c.body.channel !== 'any') channel(b, c.body.channel, `${at}.led.channel`);
        return;
      }
      case 'online':
      case 'offline':
        board(c.body.board, `${at}.${c.kind}.board`);
        return;
      case 'output':
        length(c.body.inputs, inputs, `${at}.output.inputs`, 'inputs');
        length(c.body.fired, outputs, `${at}.output.fired`, 'outputs');
        length(c.body.values, outputs, `${at}.output.values`, 'outputs');
        return;
      case 'inputs':
        length(c.body, inputs, `${at}.inputs`, 'inputs');
        return;
      case 'training':
        return;
      case 'story':
        if (!loaded.story) problems.push({ step: step.index, field: `${at}.story`, message: `rig "${rig.name}" has no story (give it one: "story" in the rig file)` });
        return;
      case 'spikes': {
        const b = board(c.body.board, `${at}.spikes.board`);
        if (b) channel(b, c.body.channel, `${at}.spikes.channel`);
        if (c.body.min !== undefined && c.body.max !== undefined && c.body.min > c.body.max) {
          problems.push({ step: step.index, field: `${at}.spikes.max`, message: `is ${c.body.max}, below min ${c.body.min}: no count can be both` });
        }
        return;
      }
    }
  };
  switch (step.kind) {
    case 'press':
    case 'release':
    case 'click':
    case 'hold': {
      const b = board(step.body.board, `${where}.board`);
      if (b) channel(b, step.body.channel, `${where}.channel`);
      return;
    }
    case 'unplug':
    case 'replug':
    case 'raw':
      board(step.body.board, `${where}.board`);
      return;
    case 'set-inputs':
      length(step.body, inputs, where, 'inputs');
      return;
    case 'teach':
      length(step.body.inputs, inputs, `${where}.inputs`, 'inputs');
      length(step.body.targets, outputs, `${where}.targets`, 'targets');
      return;
    case 'expect':
    case 'eventually':
      condition(step.body.condition, where);
      return;
    case 'wait':
      if (step.body.until) condition(step.body.until, `${where}.until`);
      return;
    case 'train':
    case 'stop-training':
    case 'neurons':
      return;
    case 'story':
      if (!loaded.story) problems.push({ step: step.index, field: where, message: `rig "${rig.name}" has no story to ${step.body} (give it one: "story" in the rig file)` });
      return;
  }
}

function scenarioError(path: string, problems: Problem[]): NbError {
  const shown = problems.slice(0, 12);
  const lines = shown.map((p) => `  ${p.step === undefined ? p.field : `step ${p.step + 1} (${p.field})`}: ${p.message}`);
  if (problems.length > shown.length) lines.push(`  … and ${problems.length - shown.length} more`);
  return new NbError(
    'NB_ERR_INVALID_SCENARIO',
    `${basename(path)} is not a valid scenario (${path}):\n${lines.join('\n')}\n` +
      'Fix those fields (the schema is boards/scenario.schema.json; steps count from 1).',
    { field: shown[0]!.field },
  );
}

/**
 * Schema errors through the formatter every schema error goes through (core/schemaErrors.ts), with
 * each path relative to the part of the scenario being checked (`.click.board`, `[2]`), so the
 * loader can put "steps[0]" or "steps[0].expect" in front of it.
 */
function describeErrors(errors: Iterable<SchemaError>, schema?: unknown, data?: unknown): { path: string; message: string }[] {
  return describeSchemaErrors([...errors], schema, data).map((p) => {
    const name = p.path.split('.').at(-1) ?? p.path;
    return {
      path: p.path === '' || p.path.startsWith('[') ? p.path : `.${p.path}`,
      message: p.unknown ? `unknown field "${name}"${p.suggestion ? `; did you mean ${p.suggestion}?` : ''}` : p.message,
    };
  });
}
