import { defineConfig } from 'vite';

// The web UI: built into dist-ui/ at the repository root, which `slipway up` serves at `/`.
// JSX goes through Vite's own esbuild (no React plugin: it does not install on every machine).
export default defineConfig({
  root: 'ui',
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: { outDir: '../dist-ui', emptyOutDir: true, sourcemap: true },
});
