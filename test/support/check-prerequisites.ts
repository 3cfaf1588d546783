/**
 * Runs first in `npm test`: stops at once, with one line saying what to install, when this machine
 * lacks something the tests need, rather than failing a test 10 minutes in.
 */
import { BROWSER_HINT, findBrowser } from './find-browser.ts';

const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
if (major < 20 || (major === 20 && minor < 3)) {
  console.error(`npm test needs Node 20.3 or newer; this is ${process.versions.node}`);
  process.exit(1);
}
if (process.env.EDGEML_BROWSER && !findBrowser()) {
  console.error(`EDGEML_BROWSER=${process.env.EDGEML_BROWSER} is not an executable file. ${BROWSER_HINT}`);
  process.exit(1);
}
if (!findBrowser()) {
  console.error(BROWSER_HINT);
  process.exit(1);
}
