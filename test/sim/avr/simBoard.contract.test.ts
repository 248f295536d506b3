/**
 * The NeuronBoard contract, run against the real firmware in the emulator: SerialNeuronBoard over
 * SimBinding, a realtime clock (the host's own timeouts are wall-clock), the LED level measured as
 * PWM duty on the pin.
 */
import { SerialNeuronBoard } from '../../../src/transports/serialBoard.js';
import { describeBoardContract, type ContractRig } from '../../transports/boardContract.js';
import { nodeSimRegistry } from '../../../src/hosts/node/simBoards.js';
import { catalogue } from '../../helpers/boards.js';

function rig(board = 'uno'): ContractRig {
  const registry = nodeSimRegistry({ mode: 'realtime' });
  const sim = registry.create(board);
  return {
    board: new SerialNeuronBoard({ catalogue, path: sim.path, binding: registry.binding, transport: 'sim' }),
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

describeBoardContract('sim board (uno firmware in avr8js)', () => rig('uno'), { ledTolerance: 3 });
describeBoardContract('sim board (mega firmware in avr8js)', () => rig('mega'), { ledTolerance: 3 });
