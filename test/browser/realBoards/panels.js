// Mounts the console's real-boards panels, as served files, on the host realBoardsPage.ts made (it runs first).
import { createFlashPanel } from '/console/js/flashBoard.js';
import { createRealBoardsPanel } from '/console/js/realBoards.js';

createRealBoardsPanel(document.querySelector('#real-panel'), globalThis.__boardsHost);
createFlashPanel(document.querySelector('#flash-panel'), globalThis.__boardsHost);
globalThis.__panelsMounted = true;
