/**
 * The console as the static site boots it (scripts/build-web.mjs puts this in place of boot.js):
 * the exhibit runs in a worker of this browser, and its ExhibitClient talks to it in messages
 * (kit/workerClient.js) through whichever tab runs it (kit/siteTab.js). The site's console is the
 * staff face: no token to ask for, since nothing leaves this browser. The exhibit's worker is
 * started first and the console's own modules are loaded meanwhile (a dynamic import).
 */
import { registerOffline } from '../../kit/offline.js';
import { openSiteTab } from '../../kit/siteTab.js';
import { createWorkerClient } from '../../kit/workerClient.js';

const tab = openSiteTab();
const [{ startConsole }, { createSitePanel }] = await Promise.all([import('./main.js'), import('./sitePanel.js')]);
createSitePanel(document.querySelector('main'), tab);
startConsole(createWorkerClient(tab));
void registerOffline();
