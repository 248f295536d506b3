/**
 * The visitor page as the static site boots it (scripts/build-web.mjs puts this in place of boot.js):
 * its ExhibitClient talks in messages to the exhibit running in this browser (kit/workerClient.js),
 * through whichever tab runs it (kit/siteTab.js). Like the Node host's, it offers no staff control
 * and no link to the console.
 */
import { registerOffline } from '../../kit/offline.js';
import { openSiteTab } from '../../kit/siteTab.js';
import { createWorkerClient } from '../../kit/workerClient.js';
import { startExhibit } from './main.js';

void registerOffline();
await startExhibit(createWorkerClient(openSiteTab()));
