import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";
import { contractStudioProxy } from "./server/proxy.ts";

/**
 * The Content Security Policy of the built app (vite preview: `npm start` and the e2e server).
 * Not in dev: Vite's dev client and React Refresh inject inline scripts.
 * - No script but the app's own files: no inline script, no event-handler attributes, no
 *   javascript: URLs, no plugins, no frames. 'unsafe-eval' stays, for one reason: ajv compiles
 *   each contract's output JSON Schema (the user's, known only at run time) into a function,
 *   which is how runs and the preview check answers. Injected markup still cannot run: that
 *   needs inline script, which stays off. (A validator without code generation would let it go.)
 * - connect-src: the app itself (and its proxy), any port on loopback over http (Ollama,
 *   vLLM, LM Studio, llama.cpp, the test server) and any https endpoint. An endpoint is the
 *   user's choice at run time, so a static policy cannot list it; this keeps a leak to a plain
 *   http host off loopback impossible, and a plain-http endpoint on another machine is reached
 *   through the same-origin proxy (which is 'self').
 * - Images from the app and data: URLs only: an answer's Markdown image cannot call home.
 * - style-src needs 'unsafe-inline': Monaco and React set inline styles.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' http://127.0.0.1:* http://localhost:* http://[::1]:* https:",
  "worker-src 'self' blob:",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * e2e only (E2E_NO_COMPRESSION=1, set by playwright.config.ts): vite preview gzips every
 * response on the fly, and each test's fresh browser context fetches the whole app again
 * (the 2 MB token table, Monaco), so on the 2-core CI machine that costs CPU the tests need.
 * Over 127.0.0.1 uncompressed bytes are free. Registered before preview's own middlewares.
 */
function noCompressionInE2e(): Plugin {
  return {
    name: "contract-studio-e2e-no-compression",
    configurePreviewServer(server) {
      if (process.env.E2E_NO_COMPRESSION !== "1") return;
      server.middlewares.use((req, _res, next) => {
        delete req.headers["accept-encoding"];
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), contractStudioProxy(), noCompressionInE2e()],
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 5173, headers: { "content-security-policy": CONTENT_SECURITY_POLICY } },
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 6000 },
});
