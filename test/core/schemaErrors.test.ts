/**
 * The one formatter for schema errors (issue 11 item 9): the field, what is allowed (values or
 * range), what was sent, and the nearest known field or value, whichever validator raised them.
 */
import { describe, expect, it } from 'vitest';
import { describeSchemaErrors, nearest, problemSentence, type SchemaError } from '../../src/core/schemaErrors.js';

const schema = {
  type: 'object',
  properties: {
    method: { anyOf: [{ const: 'trial-and-error' }, { const: 'backprop' }, { const: 'perceptron' }] },
    cascade: { type: 'object', properties: { stepDelayMs: { type: 'integer', minimum: 0, maximum: 10000 }, fireMs: { type: 'integer' } }, additionalProperties: false },
  },
  additionalProperties: false,
};

describe('describeSchemaErrors', () => {
  it('a union of constants (ajv: three const errors and an anyOf) is one line with the values, what was sent and the nearest', () => {
    const ajv: SchemaError[] = [
      ...['trial-and-error', 'backprop', 'perceptron'].map((v) => ({ keyword: 'const', instancePath: '/method', params: { allowedValue: v }, message: 'must be equal to constant' })),
      { keyword: 'anyOf', instancePath: '/method', params: {}, message: 'must match a schema in anyOf' },
    ];
    const problems = describeSchemaErrors(ajv, schema, { method: 'backprob' });
    expect(problems.map((p) => problemSentence(p))).toEqual(['method must be one of "trial-and-error", "backprop", "perceptron", not "backprob"; did you mean "backprop"?']);
    // Without the schema, the values still come from the errors.
    expect(problemSentence(describeSchemaErrors(ajv)[0]!)).toBe('method must be one of "trial-and-error", "backprop", "perceptron"');
  });

  it('an unknown key, in ajv\'s and in TypeBox\'s shape, names the nearest known field; "schema is false" is dropped', () => {
    const ajv: SchemaError[] = [{ keyword: 'additionalProperties', instancePath: '/cascade', params: { additionalProperty: 'stepDelay' } }];
    const typebox: SchemaError[] = [
      { keyword: 'additionalProperties', instancePath: '/cascade', params: { additionalProperties: ['stepDelay'] } },
      { keyword: 'boolean', instancePath: '/cascade/stepDelay', params: {}, message: 'schema is false' },
    ];
    for (const errors of [ajv, typebox]) {
      expect(describeSchemaErrors(errors, schema).map((p) => problemSentence(p))).toEqual(['unknown field cascade.stepDelay; did you mean stepDelayMs?']);
    }
  });

  it('a number out of range says the range and the value; a missing field says what it should be', () => {
    const range = describeSchemaErrors([{ keyword: 'maximum', instancePath: '/cascade/stepDelayMs', params: { limit: 10000 } }], schema, { cascade: { stepDelayMs: 20000 } });
    expect(problemSentence(range[0]!)).toBe('cascade.stepDelayMs must be a whole number from 0 to 10000, not 20000');
    const missing = describeSchemaErrors([{ keyword: 'required', instancePath: '/cascade', params: { missingProperty: 'fireMs' } }], schema);
    expect(problemSentence(missing[0]!)).toBe('cascade.fireMs is missing (required: a whole number)');
  });

  it('suggests only near names', () => {
    expect(nearest('chanel', ['channel', 'board'])).toBe('channel');
    expect(nearest('colour', ['network', 'boards', 'cascade'])).toBeUndefined();
  });
});
