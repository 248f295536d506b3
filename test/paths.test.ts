/** Where saved state goes: the user's data folder for an installed package, var/ in a clone, or what the user says. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, dataDirFor, isSourceCheckout, userDataDir } from '../src/hosts/node/paths.js';

const installed = { packageRoot: '/usr/lib/node_modules/neuroboard', sourceCheckout: false };

describe('userDataDir', () => {
  it('is $XDG_DATA_HOME/neuroboard on Linux, else ~/.local/share/neuroboard (a relative XDG_DATA_HOME is ignored)', () => {
    expect(userDataDir({ platform: 'linux', home: '/home/ada', env: { XDG_DATA_HOME: '/data/ada' } })).toBe('/data/ada/neuroboard');
    expect(userDataDir({ platform: 'linux', home: '/home/ada', env: {} })).toBe('/home/ada/.local/share/neuroboard');
    expect(userDataDir({ platform: 'linux', home: '/home/ada', env: { XDG_DATA_HOME: 'rel/path' } })).toBe('/home/ada/.local/share/neuroboard');
    expect(userDataDir({ platform: 'freebsd', home: '/home/ada', env: {} })).toBe('/home/ada/.local/share/neuroboard');
  });

  it('is ~/Library/Application Support/neuroboard on macOS, whatever XDG says', () => {
    expect(userDataDir({ platform: 'darwin', home: '/Users/ada', env: { XDG_DATA_HOME: '/x' } })).toBe('/Users/ada/Library/Application Support/neuroboard');
  });

  it('is %APPDATA%\\neuroboard on Windows, or the roaming AppData under the home folder', () => {
    expect(userDataDir({ platform: 'win32', home: 'C:\\Users\\ada', env: { APPDATA: 'D:\\Roaming' } })).toBe('D:\\Roaming\\neuroboard');
    expect(userDataDir({ platform: 'win32', home: 'C:\\Users\\ada', env: {} })).toBe('C:\\Users\\ada\\AppData\\Roaming\\neuroboard');
  });
});

describe('dataDirFor', () => {
  it('uses the user data folder for an installed package, never the current folder', () => {
    expect(dataDirFor({ ...installed, platform: 'linux', home: '/home/ada', env: {} })).toBe('/home/ada/.local/share/neuroboard');
  });

  it('keeps var/ in the clone for developers', () => {
    expect(dataDirFor({ packageRoot: '/src/neuroboard', sourceCheckout: true, platform: 'linux', home: '/home/ada', env: {} })).toBe(join('/src/neuroboard', 'var'));
  });

  it('lets NEUROBOARD_DATA override both', () => {
    const env = { NEUROBOARD_DATA: '/srv/nb', XDG_DATA_HOME: '/data' };
    expect(dataDirFor({ ...installed, platform: 'linux', home: '/home/ada', env })).toBe('/srv/nb');
    expect(dataDirFor({ packageRoot: '/src/neuroboard', sourceCheckout: true, platform: 'linux', home: '/home/ada', env })).toBe('/srv/nb');
  });
});

describe('isSourceCheckout', () => {
  it('is true in this clone and false in a folder without the TypeScript sources (an installed package)', () => {
    expect(isSourceCheckout(PACKAGE_ROOT)).toBe(true);
    expect(isSourceCheckout(mkdtempSync(join(tmpdir(), 'nb-installed-')))).toBe(false);
  });
});
