// `npm start`: build, then launch the Electron app on the user's database (seeded with the demo
// book and snapshot on first start). Where the Electron runtime cannot be obtained (offline
// machines: it downloads from outside the npm registry), say so in one line and serve the same app
// from the local web host instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });

if (run('npx', ['electron-vite', 'build', '--logLevel', 'warn']).status !== 0) process.exit(1);

function electronBinary() {
  const pathFile = join('node_modules', 'electron', 'path.txt');
  if (existsSync(pathFile)) {
    const bin = join('node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
    if (existsSync(bin)) return bin;
  }
  // Ask the electron package to fetch its runtime (works on machines with internet access).
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { encoding: 'utf8', timeout: 180_000 });
  const bin = probe.status === 0 ? probe.stdout.trim() : '';
  return bin && existsSync(bin) ? bin : null;
}

const bin = electronBinary();
if (bin) {
  const child = spawn(bin, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('pmdesk: the Electron runtime cannot be obtained on this machine; serving the same app from the local web host instead.');
  const child = spawn(process.execPath, ['out/main/web-host.js', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
