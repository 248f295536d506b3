/**
 * The visitor page as the static site boots it (scripts/build-web.mjs puts this in place of boot.js):
 * its ExhibitClient talks in messages to the exhibit running in this browser (kit/workerClient.js),
 * through whichever tab runs it (kit/siteTab.js). Like the Node host's, it offers no staff control
 * and no link to the console. The exhibit's worker is started first and the page's own modules are
 * loaded meanwhile (a dynamic import), so the two load side by side.
 */
import { registerOffline } from '../../kit/offline.js';
import { openSiteTab } from '../../kit/siteTab.js';
import { createWorkerClient } from '../../kit/workerClient.js';

const tab = openSiteTab();
const { startExhibit } = await import('./main.js');
await startExhibit(createWorkerClient(tab));
void registerOffline();
