import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";
import { contractStudioProxy } from "./server/proxy.ts";

export default defineConfig({
  plugins: [react(), tailwindcss(), contractStudioProxy()],
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 5173 },
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 6000 },
});
