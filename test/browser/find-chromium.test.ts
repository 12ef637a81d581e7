/** The browser tests' Chromium lookup (test/helpers/chromium.ts): variables first, then PATH in order, else a failure saying how to install one. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from '../helpers/chromium.js';

const root = mkdtempSync(join(tmpdir(), 'net-tare-chromium-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An executable file at root/<folder>/<name>, or a plain one when `executable` is false. */
function binary(folder: string, name: string, executable = true): string {
  mkdirSync(join(root, folder), { recursive: true });
  const path = join(root, folder, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, executable ? 0o755 : 0o644);
  return path;
}

const early = binary('early', 'google-chrome');
const late = binary('late', 'chromium-browser');
const PATH = [join(root, 'early'), join(root, 'empty'), join(root, 'late')].join(delimiter);

describe('findChromium', () => {
  it('takes CHROMIUM_PATH, then CHROME_PATH, before anything on PATH', () => {
    const pinned = binary('pinned', 'my-chrome');
    expect(findChromium({ PATH, CHROMIUM_PATH: pinned, CHROME_PATH: early })).toBe(pinned);
    expect(findChromium({ PATH, CHROME_PATH: pinned })).toBe(pinned);
  });

  it('fails on a variable naming no executable file rather than looking elsewhere', () => {
    expect(() => findChromium({ PATH, CHROMIUM_PATH: join(root, 'missing') })).toThrow(/CHROMIUM_PATH=.*missing is not an executable file/);
    expect(() => findChromium({ PATH, CHROME_PATH: binary('plain', 'chrome', false) })).toThrow(/CHROME_PATH=.* is not an executable file/);
  });

  it('looks for chromium, chromium-browser, google-chrome on PATH, in that order of names', () => {
    expect(findChromium({ PATH })).toBe(late);
    const chromium = binary('late', 'chromium');
    expect(findChromium({ PATH })).toBe(chromium);
    expect(findChromium({ PATH: join(root, 'early') })).toBe(early);
  });

  it('skips files that are not executable, and fails with how to install one when none is found', () => {
    binary('unusable', 'chromium', false);
    expect(() => findChromium({ PATH: [join(root, 'unusable'), join(root, 'empty')].join(delimiter) }))
      .toThrow(/No Chromium found for the browser tests: set CHROMIUM_PATH .*apt-get install chromium/);
    expect(() => findChromium({})).toThrow(/No Chromium found/);
  });
});
