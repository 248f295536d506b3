/**
 * The XOR exhibit on simulated boards running the REAL firmware in avr8js: LED levels are the PWM
 * duty measured on the emulated pins, presses bounce on the emulated button pins.
 */
import { SimBoardSource } from '../../src/runtime/sources/simSource.js';
import { describeXorExhibit } from './xorExhibitSuite.js';
import { nodeSimSource } from '../../src/hosts/node/boardSources.js';

describeXorExhibit('XOR exhibit on simulated boards running the real firmware', (rig) => nodeSimSource(rig));
