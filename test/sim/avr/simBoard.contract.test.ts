/**
 * The board contract (test/transports/boardContract.ts), run against the real firmware in the
 * emulator behind its real bootloader: SerialNeuronBoard and the flasher over SimBinding, a realtime
 * clock (the host's own timeouts are wall-clock), the LED level measured as PWM duty on the pin.
 * test/browser/webSerial.test.ts runs the same cases over Web Serial in Chromium.
 */
import { describeBoardContract } from '../../transports/runContract.js';
import type { ContractRig } from '../../transports/boardContract.js';
import { nodeSimRegistry } from '../../../src/hosts/node/simBoards.js';
import { catalogue, packageHexFiles } from '../../helpers/boards.js';

function rig(kind: string, can: ContractRig['can']): ContractRig {
  const registry = nodeSimRegistry({ mode: 'realtime' });
  const sim = registry.create(kind);
  return {
    binding: registry.binding,
    catalogue,
    path: sim.path,
    kind,
    transport: 'sim',
    can,
    files: packageHexFiles,
    listPorts: async () => (await registry.list()).map((p) => p.path),
    device: {
      press: (ch) => sim.press(ch),
      release: (ch) => sim.release(ch),
      ledLevel: (ch) => sim.ledLevel(ch),
      unplug: () => sim.unplug(),
      replug: () => sim.replug(),
      inject: (text) => sim.inject(text),
    },
    dispose: () => registry.clear(),
  };
}

// Flashing the Mega through stk500v2 is tested in emulated time (test/flash/stk500v2.test.ts, wrongBoard.test.ts); here the Uno is flashed at real time.
const uno = { dtrReset: true, flash: true };
const mega = { dtrReset: true };
describeBoardContract('sim board (uno firmware in avr8js)', uno, () => rig('uno', uno), { ledTolerance: 3 });
describeBoardContract('sim board (mega firmware in avr8js)', mega, () => rig('mega', mega), { ledTolerance: 3 });
