/**
 * The Chromium the browser tests drive, looked up the way users have it installed: the binary named
 * by CHROMIUM_PATH (or CHROME_PATH), else the first of chromium, chromium-browser and google-chrome
 * on PATH. Playwright's own browser download does not work offline, so none is fetched; with no
 * browser the tests fail and say how to install one.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const VARIABLES = ['CHROMIUM_PATH', 'CHROME_PATH'] as const;
const COMMANDS = ['chromium', 'chromium-browser', 'google-chrome'] as const;

export const HOW_TO_INSTALL = `set CHROMIUM_PATH (or CHROME_PATH) to a Chromium or Chrome binary, or put one of ${COMMANDS.join(', ')} on PATH; `
  + 'on Debian or Ubuntu: apt-get install chromium (.ci/run does this)';

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  for (const variable of VARIABLES) {
    const path = env[variable];
    if (path === undefined || path === '') continue;
    if (!isExecutableFile(path)) throw new Error(`${variable}=${path} is not an executable file: ${HOW_TO_INSTALL}.`);
    return path;
  }
  const folders = (env.PATH ?? '').split(delimiter).filter((folder) => folder !== '');
  for (const command of COMMANDS) {
    const found = folders.map((folder) => join(folder, command)).find(isExecutableFile);
    if (found !== undefined) return found;
  }
  throw new Error(`No Chromium found for the browser tests: ${HOW_TO_INSTALL}.`);
}
