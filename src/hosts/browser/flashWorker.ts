/**
 * The site's flashing worker (`new Worker(url, { type: 'module' })` on this file's bundle): the
 * bundled catalogue and firmware, the worker's own navigator.serial, and flashInWorker.ts's message
 * protocol. Nothing else runs here.
 */
import { bundledCatalogue, bundledHexFiles } from './bundledBoards.js';
import { serveFlashRequests, type WorkerScope } from './flashInWorker.js';
import { WebSerialPorts } from './webSerialPorts.js';

const catalogue = bundledCatalogue();
serveFlashRequests(globalThis as unknown as WorkerScope, () => WebSerialPorts.fromNavigator(catalogue), catalogue, bundledHexFiles);
