import { SerialNeuronBoard } from '../../../src/transports/serialBoard.js';
import { describeBoardContract, type ContractRig } from '../../transports/boardContract.js';
import { catalogue, fakeBoard } from '../../helpers/boards.js';

function rig(options: { proto?: number; resetOnOpen?: boolean } = {}): ContractRig {
  const device = fakeBoard({ board: 'uno', channels: 2, ...options });
  const board = new SerialNeuronBoard({
    catalogue,
    path: device.path,
    binding: device.binding,
    transport: 'fake',
    timeouts: { replyMs: 500, bootWaitMs: 30, openMs: 1000 },
  });
  return { board, device };
}

describeBoardContract('fake board, BOOT on open (DTR reset)', () => rig(), { wrongProtocolFactory: () => rig({ proto: 2 }) });
describeBoardContract('fake board, no reset on open (WHO/HELLO)', () => rig({ resetOnOpen: false }), {
  wrongProtocolFactory: () => rig({ proto: 2, resetOnOpen: false }),
});
