// The console is built into dist/ and served by the API under /console/ (graph_service/api/console.py).
import { defineConfig } from "vite";

export default defineConfig({
  base: "/console/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The bundle must not ask the network for anything: no CDN, no remote source maps.
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
});
