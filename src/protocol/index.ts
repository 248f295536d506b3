/** The neuron line protocol (firmware/PROTOCOL.md), pure: no I/O, no timers, no Node APIs. */
export * from './constants.js';
export type * from './messages.js';
export { decodeBoardLine, encodeBoardMessage } from './boardLine.js';
export { decodeHostLine, encodeCommand } from './hostLine.js';
export { LineFramer, type FramedLine, type LineFramerOptions } from './framer.js';
export { describeLine, isBoardId, parseUnsigned } from './fields.js';
