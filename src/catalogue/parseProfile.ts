/**
 * Checks one board profile (a file of boards/profiles/) against its schema and the rules a schema
 * cannot say (every channel's pins are in the pin table, a bootloader needs the fuses that place
 * it). Whatever is wrong is one NB_ERR_INVALID_PROFILE naming the file and every wrong field.
 */
import { Check as schemaCheck, Errors as schemaErrorList } from 'typebox/schema';
import { NbError } from '../core/errors.js';
import { describeSchemaErrors, problemSentence } from '../core/schemaErrors.js';
import { BoardProfileSchema, type BoardProfile } from './schema.js';

interface Problem {
  field: string;
  sentence: string;
}

/** `data` as a board profile; `source` names the file in messages. */
export function parseProfile(data: unknown, source: string): BoardProfile {
  if (!schemaCheck(BoardProfileSchema, data)) {
    const problems = describeSchemaErrors(schemaErrorList(BoardProfileSchema, data)[1], BoardProfileSchema, data)
      .slice(0, 12)
      .map((p) => ({ field: p.path, sentence: problemSentence(p, 'the profile') }));
    throw invalid(source, problems);
  }
  const profile = data;
  const problems: Problem[] = [];
  const { max, default: byDefault, ledPins, buttonPins } = profile.channels;
  if (byDefault > max) problems.push({ field: 'channels.default', sentence: `channels.default ${byDefault} is above channels.max ${max}` });
  if (ledPins.length < max || buttonPins.length < max) problems.push({ field: 'channels', sentence: `channels lists fewer LED/button pins than max (${max})` });
  for (const pin of [...ledPins, ...buttonPins]) {
    if (profile.pins[String(pin)] === undefined) problems.push({ field: `pins["${pin}"]`, sentence: `pins["${pin}"] is missing (channel pin ${pin} needs its MCU port and bit, like "PB1")` });
  }
  if (profile.bootloader && !profile.fuses) problems.push({ field: 'fuses', sentence: 'fuses are needed with a bootloader (the high fuse says where it starts)' });
  if (problems.length > 0) throw invalid(source, problems);
  return profile;
}

function invalid(source: string, problems: readonly Problem[]): NbError {
  return new NbError(
    'NB_ERR_INVALID_PROFILE',
    `${source} is not a valid board profile:\n${problems.map((p) => `  ${p.sentence}`).join('\n')}\nFix those fields (the schema is boards/profile.schema.json).`,
    problems[0] ? { field: problems[0].field } : {},
  );
}
