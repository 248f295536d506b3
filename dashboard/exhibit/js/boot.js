/**
 * The visitor page as the Node host serves it: its ExhibitClient speaks HTTP to the server that
 * served this page, with no staff token. An exhibit run in the browser boots the same page with the
 * client of its worker instead.
 */
import { createHttpClient } from '../../kit/httpClient.js';
import { startExhibit } from './main.js';

await startExhibit(createHttpClient());
