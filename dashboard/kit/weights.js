/**
 * Weights as both pages read them from the API: a network number may be the string "-0" (negative
 * zero is kept exactly, docs/api.md), and a weight of -0 holds back like any negative one.
 */

/** A network number from the API as a number. */
export const num = (v) => (v === '-0' ? -0 : Number(v));
