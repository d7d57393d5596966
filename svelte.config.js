import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** Svelte 5, runes everywhere. */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
};
