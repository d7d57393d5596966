/**
 * The packaging configuration (electron-builder.json), validated offline: electron-builder's own
 * configuration schema, the installer targets of every OS, the app id, the icon, the report file
 * association, and that the package contains what the app loads at run time (main, the service
 * worker, the sandboxed preload, the renderer) with better-sqlite3's native module unpacked from
 * the asar and rebuilt for Electron's ABI (install-app-deps in `npm run dist`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, matchesGlob } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_FILE_EXTENSION } from '../../shared/ipc/shell-contract';

const ROOT = join(import.meta.dirname, '../..');
const config = JSON.parse(readFileSync(join(ROOT, 'electron-builder.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON config read for checks
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string>; dependencies: Record<string, string> };
const require = createRequire(import.meta.url);

/** Whether electron-builder's `files` patterns (later `!` patterns exclude) take `path`. */
function included(path: string): boolean {
  let inc = false;
  for (const p of config.files as string[]) {
    if (p.startsWith('!')) { if (matchesGlob(path, p.slice(1))) inc = false; }
    else if (matchesGlob(path, p)) inc = true;
  }
  return inc;
}

describe('electron-builder configuration', () => {
  it('passes electron-builder\'s own schema validation', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(c: unknown, log: unknown): Promise<void> };
    const { $schema: _schema, ...rest } = config;
    const log = { isEnabled: false, add() {} };
    await expect(validateConfiguration(rest, log)).resolves.toBeUndefined();
    // The validator is real: a wrong type is refused.
    await expect(validateConfiguration({ ...rest, asar: 'yes please' }, log)).rejects.toThrow(/asar/);
  });

  it('builds AppImage + deb on Linux, NSIS on Windows, dmg on macOS, with an app id and a 512 px icon', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
    const png = readFileSync(join(ROOT, config.icon));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    for (const os of ['linux', 'win', 'mac']) expect(existsSync(join(ROOT, config[os].icon))).toBe(true);
  });

  it('associates pmdesk report files with the app: the extension the report is saved with and main opens', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: REPORT_FILE_EXTENSION, name: 'pmdesk report', mimeType: 'application/vnd.pmdesk.report+json' })]);
    // One convention: the save dialog's default (report-export.ts) and the files main opens (opened-files.ts) use the same constant.
    for (const f of ['electron/main/modules/report-export.ts', 'electron/main/modules/opened-files.ts']) {
      expect(readFileSync(join(ROOT, f), 'utf8'), f).toMatch(/ext: REPORT_FILE_EXTENSION|`\.\$\{REPORT_FILE_EXTENSION\}`/);
    }
  });

  it('packs what the app loads: main, the service worker, the preload, the renderer; no source maps', () => {
    expect(config.extraMetadata.main).toBe(pkg.main);
    for (const f of [pkg.main, 'out/main/service-worker.js', 'out/main/run-all-thread.js', 'out/main/import-thread.js', 'out/main/report-thread.js', 'out/main/slow-lane-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js', 'package.json']) {
      expect(included(f), f).toBe(true);
    }
    for (const f of ['electron/main/index.ts', 'test/e2e/shell.spec.ts', 'out/main/index.js.map', 'bench/run.ts']) expect(included(f), f).toBe(false);
    // The paths main joins at run time are the ones packed.
    const mainSource = readFileSync(join(ROOT, 'electron/main/index.ts'), 'utf8');
    expect(mainSource).toContain("'service-worker.js'");
    expect(mainSource).toContain("'../preload/index.cjs'");
    // The renderer folder app://pmdesk serves (modules/app-protocol.ts), whose index.html is packed above.
    expect(mainSource).toContain("'../renderer'");
  });

  it('better-sqlite3 is a runtime dependency, rebuilt for Electron (install-app-deps) and unpacked from the asar', () => {
    expect(pkg.dependencies['better-sqlite3']).toBeDefined();
    expect(config.npmRebuild).toBe(true);
    expect(pkg.scripts['dist']).toMatch(/electron-builder install-app-deps/);
    expect(config.asarUnpack.some((p: string) => matchesGlob('node_modules/better-sqlite3/build/Release/better_sqlite3.node', p))).toBe(true);
  });

  it('flips the Electron fuses after packing (issue 11 hook)', () => {
    expect(config.afterPack).toBe('./scripts/electron-fuses.cjs');
    expect(typeof require(join(ROOT, config.afterPack))).toBe('function');
  });
});
