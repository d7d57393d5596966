/** electron-vite build of main, preload (CommonJS, for sandbox: true) and the Svelte renderer. */
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // npm dependencies stay external; so does @playwright/test (a dev dependency): the web host's
      // report PDF drives the system Chromium with it (electron/reports/report-files.ts `reportPdf`),
      // and bundled it cannot find its own package.json. The Electron app never asks for that PDF
      // (main prints with webContents.printToPDF), so a packaged app does not need it.
      externalizeDeps: { include: ['@playwright/test'] },
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          'service-worker': resolve(import.meta.dirname, 'electron/service/worker/service-worker.ts'),
          // Started by the service worker for "Run every method" (terminated on Cancel).
          'run-all-thread': resolve(import.meta.dirname, 'electron/service/jobs/run-all-thread.ts'),
          // Started by the service worker for an import job (job:import-positions / job:import-document; terminated on Cancel).
          'import-thread': resolve(import.meta.dirname, 'electron/service/jobs/import-thread.ts'),
          // Started by the service worker for a report export job (job:export-report; terminated on Cancel).
          'report-thread': resolve(import.meta.dirname, 'electron/service/jobs/report-thread.ts'),
          'slow-lane-worker': resolve(import.meta.dirname, 'electron/service/worker/slow-lane-worker.ts'),
          // The local web host (npm start without Electron, e2e tests, benches): runs with plain Node.
          'web-host': resolve(import.meta.dirname, 'electron/web-host/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [svelte({ configFile: resolve(import.meta.dirname, 'svelte.config.js') })],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
