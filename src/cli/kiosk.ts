/**
 * `neuroboard start --kiosk`: the visitor page full screen on this machine's screen, in the first
 * browser found (NEUROBOARD_BROWSER, else Chromium or Chrome where Debian and Ubuntu put them).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The visitor page's address on a server at `serverUrl`. */
export function visitorUrl(serverUrl: string): string {
  return new URL('/exhibit', serverUrl).href;
}

/**
 * The address the kiosk's own browser uses: bound to every address (0.0.0.0, ::), the loopback one,
 * so the screen beside the boards is "this machine" and its visitor's routes work without the token.
 */
export function kioskServerUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  else if (url.hostname === '[::]') url.hostname = '[::1]';
  return url.href;
}

/** The browser to run and how, or null when none is installed. */
export function kioskCommand(url: string, env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): { command: string; args: string[] } | null {
  const command = env['NEUROBOARD_BROWSER'] || BROWSERS.find(exists);
  if (!command) return null;
  // No "restore pages?" bubble after a power cut, no first-run dialog: a kiosk has nobody to click them.
  return { command, args: ['--kiosk', '--no-first-run', '--noerrdialogs', '--disable-session-crashed-bubble', '--disable-infobars', url] };
}

/** Opens the page full screen; says what to do instead when there is no browser or it fails to start. */
export function openKiosk(url: string, warn: (message: string) => void): void {
  const how = kioskCommand(url);
  if (!how) {
    warn(`--kiosk: no browser found (looked for ${BROWSERS.join(', ')}). Set NEUROBOARD_BROWSER to one, or open ${url} full screen`);
    return;
  }
  const child = spawn(how.command, how.args, { stdio: 'ignore', detached: true });
  child.on('error', (err) => warn(`--kiosk: could not start ${how.command} (${err.message}). Open ${url} full screen`));
  child.unref(); // the exhibit keeps running when the browser closes, and stops without waiting for it
}
