import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Names Chromium and Chrome install under, on Linux and in Homebrew. */
const COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const APP_PATHS = ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

/** How to get one, in one line: what `npm test` prints when none is found. */
export const BROWSER_HINT =
  'npm test needs Chromium or Chrome for test/browser: install it (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium) or set EDGEML_BROWSER=/path/to/chrome';

const executable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The browser the demo-page test drives with playwright-core (which brings none of its own):
 * `EDGEML_BROWSER` when set, else the first Chromium or Chrome on the PATH or in /Applications.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.EDGEML_BROWSER) return executable(env.EDGEML_BROWSER) ? env.EDGEML_BROWSER : undefined;
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const command of COMMANDS) {
    for (const dir of dirs) if (executable(path.join(dir, command))) return path.join(dir, command);
  }
  return APP_PATHS.find(executable);
}
