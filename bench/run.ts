/**
 * `npm run bench`: imports every `bench/*.bench.ts` and awaits each exported `run…Bench`
 * function in turn (file name order). Benchmarks print their own figures.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
for (const file of files) {
  const mod = (await import(pathToFileURL(dir + file).href)) as Record<string, unknown>;
  for (const [name, fn] of Object.entries(mod)) {
    if (/^run\w*Bench$/.test(name) && typeof fn === 'function') {
      console.log(`\n== ${file} ${name}`);
      await (fn as () => Promise<void>)();
    }
  }
}
