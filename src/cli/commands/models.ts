import type { Command } from "commander";
import { listModels } from "../../core/gateway-models.js";
import { table, type App } from "../output.js";

export function register(program: Command, app: App): void {
  program
    .command("models")
    .summary("list providers and models, with context window and price")
    .description(
      "Providers (the presets and [providers.NAME] in config) with the models config names, their context\n" +
        "window, output limit and price in US dollars per million tokens. provider/* serves any model name.",
    )
    .action(async () => {
      const { models, aliases } = await listModels(await app.ctx());
      const money = (v: number | null, source: string | null) => (v !== null ? `$${v}` : source ? "per model" : "unknown");
      app.out().result({ models, aliases }, () =>
        [
          table(
            ["MODEL", "DIALECTS", "CONTEXT", "MAX OUT", "IN/MTOK", "OUT/MTOK", "PRICE FROM"],
            models.map((m) => [
              m.model,
              m.dialects.join(","),
              m.contextWindow === null ? "-" : String(m.contextWindow),
              m.maxOutput === null ? "-" : String(m.maxOutput),
              money(m.inputMtok, m.priceSource),
              money(m.outputMtok, m.priceSource),
              m.priceSource ?? "-",
            ]),
          ),
          ...(Object.keys(aliases).length > 0 ? ["", table(["ALIAS", "MODEL"], Object.entries(aliases))] : []),
        ].join("\n"),
      );
    });
}
