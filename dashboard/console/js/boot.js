/**
 * The console as the Node host serves it: its ExhibitClient speaks HTTP to the server that served
 * this page, with the staff token. An exhibit run in the browser boots the same console with the
 * client of its worker instead.
 */
import { createHttpClient } from '../../kit/httpClient.js';
import { startConsole } from './main.js';
import { askToken } from './tokenDialog.js';

startConsole(createHttpClient({ askToken }));
