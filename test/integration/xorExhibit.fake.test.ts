/** The XOR exhibit on the fast in-process fake boards over the mock serial layer. */
import { FakeBoardSource } from '../../src/runtime/sources/fakeSource.js';
import { describeXorExhibit } from './xorExhibitSuite.js';
import { nodeFakeSource } from '../../src/hosts/node/boardSources.js';

describeXorExhibit('XOR exhibit on fake boards', (rig) => nodeFakeSource(rig));
