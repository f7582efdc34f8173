/** The layers of DESIGN.md section 4: imports point down only. */
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", from: {}, to: { circular: true } },
    { name: "domain-is-pure", severity: "error", from: { path: layer("domain") }, to: { path: "^src/(?!domain/)" } },
    { name: "ports-see-domain-only", severity: "error", from: { path: layer("ports") }, to: { path: "^src/(?!(domain|ports)/)" } },
    { name: "adapters-below-providers", severity: "error", from: { path: layer("adapters") }, to: { path: "^src/(?!(domain|ports|adapters)/)" } },
    {
      name: "providers-agents-gateway-below-core",
      severity: "error",
      from: { path: "^src/(providers|agents|gateway)/" },
      to: { path: "^src/(core|cli|server)/" },
    },
    { name: "agents-and-gateway-do-not-reach-adapters", severity: "error", from: { path: "^src/(agents|gateway)/" }, to: { path: "^src/adapters/" } },
    { name: "core-does-not-reach-adapters", severity: "error", from: { path: layer("core") }, to: { path: "^src/(adapters|cli|server)/" } },
    {
      name: "cli-and-server-use-core",
      severity: "error",
      from: { path: "^src/(cli|server)/" },
      to: { path: "^src/(adapters|providers|agents|gateway)/" },
    },
    {
      name: "nothing-imports-cli-or-server",
      severity: "error",
      from: { pathNot: "^src/(cli|server|main\\.ts)" },
      to: { path: "^src/(cli|server)/" },
    },
    {
      name: "only-adapters-spawn",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/adapters/" },
      to: { path: "^(node:)?child_process$", dependencyTypes: ["core"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
