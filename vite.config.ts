import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";

/** In the browser's bundle `zod` is an inert stand-in: forms are validated on the server (decision record 041). */
function zodOnlyOnTheServer(): Plugin {
  const standIn = fileURLToPath(new URL("./app/browser/zod-stand-in.ts", import.meta.url));
  return {
    name: "zod-only-on-the-server",
    enforce: "pre",
    resolveId: (id, _importer, options) => (id === "zod" && !options?.ssr ? standIn : null),
  };
}

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig(({ isSsrBuild }) => ({
  server: { port: 3000 },
  // The browser's bundle is minified by terser, a few kB a page smaller than esbuild's (decision record 041).
  build: isSsrBuild ? {} : { minify: "terser", terserOptions: { compress: { passes: 2 } } },
  css: { preprocessorOptions: { scss: { api: "modern-compiler", loadPaths: ["node_modules"], quietDeps: true, silenceDeprecations: ["import"] } } },
  plugins: [
    zodOnlyOnTheServer(),
    remix({
      ignoredRouteFiles: ["**/*.server.*", "**/*.test.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
  ],
}));
