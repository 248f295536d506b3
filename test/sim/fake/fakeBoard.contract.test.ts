/** The board contract (test/transports/boardContract.ts) against the fast fake board on the mock serial layer. */
import { describeBoardContract } from '../../transports/runContract.js';
import type { ContractRig } from '../../transports/boardContract.js';
import { catalogue, fakeBoard } from '../../helpers/boards.js';


function rig(options: { proto?: number; resetOnOpen?: boolean } = {}): ContractRig {
  const device = fakeBoard({ board: 'uno', channels: 2, ...options });
  return {
    binding: device.binding,
    catalogue,
    path: device.path,
    kind: 'uno',
    transport: 'fake',
    timeouts: { replyMs: 500, bootWaitMs: 30, openMs: 1000 },
    can: {},
    listPorts: async () => [device.path],
    device,
  };
}

describeBoardContract('fake board, BOOT on open (DTR reset)', {}, () => rig(), { wrongProtocol: () => rig({ proto: 2 }) });
describeBoardContract('fake board, no reset on open (WHO/HELLO)', {}, () => rig({ resetOnOpen: false }), {
  wrongProtocol: () => rig({ proto: 2, resetOnOpen: false }),
});
