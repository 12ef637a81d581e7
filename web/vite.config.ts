/**
 * Vite builds the explorer page (web/index.html) into dist/web at the project root, which the API
 * server serves at /; dist/ is already left out of git and of the lint, so built files never are
 * committed or linted. Vega and Vega-Lite are most of the bundle (about 850 kB minified); a
 * reference page loads them once, so one chunk is kept and the size warning is set above it.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
});
