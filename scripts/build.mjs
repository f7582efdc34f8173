// Bundles the CLI into dist/ so start-up loads one file; heavy modules stay behind dynamic import().
import { build } from "esbuild";
import { chmodSync, rmSync } from "node:fs";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { muster: "src/main.ts", gateway: "src/gateway/daemon.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  sourcemap: "linked",
  legalComments: "none",
  keepNames: true,
  banner: { js: "import { createRequire as __muster_cr } from 'node:module'; const require = __muster_cr(import.meta.url);" },
  logLevel: "warning",
  // a native addon with per-platform binaries: loaded from node_modules, only by the `llama` provider
  external: ["node-llama-cpp"],
});
chmodSync(new URL("../dist/muster.js", import.meta.url), 0o755);
