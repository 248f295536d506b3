/**
 * `ports` and `doctor` advice on the desktops CI does not run: macOS (/dev/cu.*, no dialout group) and
 * Windows (COM ports, the CH340 driver), with the platform passed in as the commands would see it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { noPortsAdvice } from '../../src/cli/commands/ports.js';
import { checkAvrdude, checkChromium, checkSerialPermissions, checkSocat } from '../../src/cli/systemChecks.js';

// An empty PATH: avrdude, Chromium and socat are all missing, so every fix is printed.
beforeAll(() => void vi.stubEnv('PATH', ''));
afterAll(() => void vi.unstubAllEnvs());

describe('neuroboard ports with no board found', () => {
  it('on macOS names /dev/cu.usbmodem and says there is no dialout group', () => {
    const advice = noPortsAdvice('darwin');
    expect(advice).toContain('/dev/cu.usbmodem');
    expect(advice).toContain('no dialout group');
    expect(advice).not.toContain('usermod');
  });

  it('on Windows names COM ports and the CH340 driver', () => {
    const advice = noPortsAdvice('win32');
    expect(advice).toMatch(/COM ports.*Device Manager/);
    expect(advice).toContain('--port COM3');
    expect(advice).toContain('CH340 driver');
    expect(advice).not.toContain('/dev/');
  });

  it('on Linux (a Raspberry Pi too) names /dev/ttyACM*, /dev/ttyUSB* and the dialout group', () => {
    const advice = noPortsAdvice('linux');
    expect(advice).toContain('/dev/ttyACM*');
    expect(advice).toContain('sudo usermod -aG dialout $USER');
  });
});

describe('neuroboard doctor off Linux', () => {
  it('on macOS: serial permissions are fine with no group to join, and the cu. device name', async () => {
    const finding = await checkSerialPermissions('/dev', 'darwin');
    expect(finding.verdict).toBe('ok');
    expect(finding.message).toContain('no group to join');
    expect(finding.message).toContain('/dev/cu.usbmodem');
  });

  it('on Windows: COM ports, and the CH340 driver for a clone that shows none', async () => {
    const finding = await checkSerialPermissions('/dev', 'win32');
    expect(finding.verdict).toBe('ok');
    expect(finding.message).toContain('COM port');
    expect(finding.fix).toContain('CH340 driver');
  });

  it('gives each desktop its own way to install a missing tool', async () => {
    expect((await checkAvrdude('darwin')).fix).toBe('brew install avrdude');
    expect((await checkAvrdude('win32')).fix).toContain('avrdude.exe');
    expect((await checkAvrdude('linux')).fix).toContain('sudo apt-get install avrdude');
    expect(checkSocat('darwin').fix).toContain('brew install socat');
    expect(checkSocat('win32').fix).toContain('WSL');
    expect(checkChromium('darwin').fix).toContain('brew install --cask chromium');
    for (const platform of ['darwin', 'win32'] as const) {
      for (const finding of [await checkAvrdude(platform), checkSocat(platform), checkChromium(platform)]) expect(finding.fix).not.toContain('apt-get');
    }
  });
});
