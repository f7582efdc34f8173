import type { Command } from "commander";
import { configPath, getConfigValue, setConfigValue } from "../../core/config.js";
import { ConfigError } from "../../domain/errors.js";
import type { App } from "../output.js";

export function register(program: Command, app: App): void {
  const config = program.command("config").summary("read and change configuration");
  config
    .command("path")
    .summary("print the config file's path")
    .option("--project", "the project file (.muster.toml at the repo root)")
    .action(async (opts) => {
      const ctx = await app.ctx();
      const path = configPath(ctx, Boolean(opts.project));
      app.out().result({ path }, () => path);
    });
  config
    .command("get")
    .summary("print the effective value of a key (all keys without KEY)")
    .argument("[key]", "dotted key, e.g. create.type")
    .action(async (key: string | undefined) => {
      const ctx = await app.ctx();
      const value = getConfigValue(ctx, key);
      app.out().result(value, () => (typeof value === "object" ? JSON.stringify(value, null, 2) : String(value)));
    });
  config
    .command("set")
    .summary("set a key in the user (or project) config file")
    .argument("<key>", "dotted key, e.g. create.type")
    .argument("<value>", 'a TOML value (true, 3, ["a"]) or a plain string')
    .option("--project", "write the project file (.muster.toml at the repo root)")
    .action(async (key: string, value: string, opts) => {
      const ctx = await app.ctx();
      const result = await setConfigValue(ctx, app.configFiles, key, value, Boolean(opts.project));
      app.out().result({ key, ...result }, () => `set ${key} = ${JSON.stringify(result.value)} in ${result.path}`);
    });
  config
    .command("edit")
    .summary("open the config file in $VISUAL or $EDITOR (default vi) and check it afterwards")
    .option("--project", "edit the project file (.muster.toml at the repo root)")
    .action(async (opts) => {
      const ctx = await app.ctx();
      const path = configPath(ctx, Boolean(opts.project));
      const editor = ctx.env.VISUAL || ctx.env.EDITOR || "vi";
      const code = await app.edit(editor, path);
      if (code !== 0) throw new ConfigError(`${editor} exited with status ${code}; ${path} may be unchanged`);
      await app.validateConfig();
      app.out().result({ path }, () => `${path} is valid`);
    });
}
