// Browser tests drive Debian's Chromium through playwright-core. Install it when missing so a fresh
// machine passes `npm test` without manual steps.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
if (candidates.some((path) => path && existsSync(path))) process.exit(0);

console.log("Chromium not found: installing Debian's chromium package for the browser tests…");
const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : '';
try {
  execSync(
    `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`,
    {
      stdio: 'inherit',
    },
  );
} catch {
  console.error(
    'Could not install Chromium. Install it yourself (apt-get install chromium) or set CHROMIUM_PATH.',
  );
  process.exit(1);
}
