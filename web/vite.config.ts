import { defineConfig } from "vite";

// Served by `exoclinic serve` under /app/; everything is bundled, nothing loads from outside.
export default defineConfig({
  base: "/app/",
  build: { outDir: "dist", emptyOutDir: true, assetsInlineLimit: 0 },
});
