import { accessSync, constants, mkdirSync, symlinkSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sandbox, type CliResult, type Sandbox } from "../fixtures/sandbox.js";

/** One `error:` line and one `hint:` line on stderr, no stack trace, nothing on stdout. */
function expectError(result: CliResult, code: number, message: RegExp, hint: RegExp = /./, what = ""): void {
  const context = `${what}\nstderr: ${result.stderr}`;
  expect(result.code, context).toBe(code);
  const lines = result.stderr.trimEnd().split("\n");
  expect(
    lines.filter((l) => l.startsWith("error: ")),
    context,
  ).toHaveLength(1);
  expect(
    lines.find((l) => l.startsWith("error: ")),
    context,
  ).toMatch(message);
  expect(
    lines.filter((l) => l.startsWith("hint: ")),
    context,
  ).toHaveLength(1);
  expect(
    lines.find((l) => l.startsWith("hint: ")),
    context,
  ).toMatch(hint);
  expect(result.stderr, context).not.toMatch(/^\s+at /m);
  expect(result.stdout, context).toBe("");
}

/** A sandbox with one running agent, and the state any failing command must leave as it was. */
async function withOneAgent(): Promise<{ s: Sandbox; unchanged: () => void }> {
  const s = await sandbox();
  await s.ok(["create", "existing", "--", "sleep", "600"]);
  await s.list(); // records the observed state, which is not a change
  const before = s.state();
  return { s, unchanged: () => expect(s.state()).toEqual(before) };
}

/** A PATH holding node and only the programs given, to simulate a machine that lacks the others. */
function pathWith(s: Sandbox, programs: string[]): string {
  const bin = s.path(`bin-${programs.join("-")}`);
  mkdirSync(bin);
  symlinkSync(process.execPath, `${bin}/node`);
  for (const program of programs) {
    const real = (process.env.PATH ?? "")
      .split(":")
      .map((dir) => `${dir}/${program}`)
      .find(isExecutable);
    if (!real) throw new Error(`${program} is not installed`);
    symlinkSync(real, `${bin}/${program}`);
  }
  return bin;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

describe("bad input gets a clear error, the documented exit code, and changes nothing", () => {
  it("a bad name is a usage error", async () => {
    const { s, unchanged } = await withOneAgent();
    for (const name of ["Bad", "bad_name", "bad-", "a.b", "x".repeat(64)]) {
      expectError(
        await s.muster(["create", name, "--", "sleep", "600"]),
        2,
        new RegExp(`'${name}'`),
        /lowercase letters, digits and hyphens/,
        `create ${name}`,
      );
    }
    expectError(await s.muster(["rename", "existing", "No_Good"]), 2, /invalid agent name 'No_Good'/, /lowercase/, "rename");
    unchanged();
  });

  it("an unknown agent is not found, whatever the command", async () => {
    const { s, unchanged } = await withOneAgent();
    const commands = [
      ["stop", "ghost"],
      ["start", "ghost"],
      ["message", "ghost", "-m", "hi"],
      ["capture", "ghost"],
      ["exec", "ghost", "--", "true"],
      ["destroy", "ghost", "--force"],
      ["rename", "ghost", "spirit"],
      ["explain", "ghost"],
      ["wait", "ghost", "--state", "running", "--timeout", "1"],
      ["events", "ghost"],
      ["stop", "existing", "ghost"],
      ["message", "existing", "ghost", "-m", "hi"],
    ];
    for (const args of commands) expectError(await s.muster(args), 3, /'ghost'/, /muster list/, args.join(" "));
    unchanged();
  });

  it("a name already taken is a conflict, for create and for rename", async () => {
    const { s, unchanged } = await withOneAgent();
    expectError(await s.muster(["create", "existing", "--", "sleep", "1"]), 4, /'existing' already exists/);
    unchanged();
    await s.ok(["create", "other", "--", "sleep", "600"]);
    await s.list();
    const before = s.state();
    expectError(await s.muster(["rename", "other", "existing"]), 4, /'existing' already exists/);
    expect(s.state()).toEqual(before);
  });

  it("a missing tmux fails with a hint to run doctor", async () => {
    const { s, unchanged } = await withOneAgent();
    const env = { PATH: pathWith(s, ["git"]) };
    expectError(await s.muster(["create", "no-tmux", "--", "sleep", "600"], { env }), 1, /tmux/, /muster doctor/);
    expectError(await s.muster(["list"], { env }), 1, /tmux/, /muster doctor/);
    unchanged();
    const doctor = await s.muster(["doctor", "--format", "json"], { env });
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "tmux", ok: false, fix: expect.stringContaining("tmux") })]),
    );
  });

  it("a missing git fails with a hint to run doctor", async () => {
    const { s, unchanged } = await withOneAgent();
    const env = { PATH: pathWith(s, ["tmux"]) };
    expectError(await s.muster(["create", "no-git", "--", "sleep", "600"], { env }), 1, /git/, /muster doctor/);
    unchanged();
    const doctor = await s.muster(["doctor", "--format", "json"], { env });
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ name: "git", ok: false })]));
  });

  it("an invalid user config file is named with its bad key", async () => {
    const { s, unchanged } = await withOneAgent();
    const cases: Array<[string, RegExp]> = [
      ["[create]\nbogus = 1\n", /create\.bogus/],
      ['[create]\ninclude_dirty = "yes"\n', /create\.include_dirty/],
      ['[agent_types.mine]\nargs = "not a list"\n', /agent_types\.mine\.args/],
      ["[create\n", /not valid TOML/],
    ];
    for (const [text, key] of cases) {
      const file = s.write(s.path("home/.config/muster/config.toml"), text);
      for (const args of [["list"], ["create", "bad-config", "--", "sleep", "600"]]) {
        const result = await s.muster(args);
        expectError(result, 2, new RegExp(file.replace(/[.]/g, "\\.")), /./, `${args[0]} with ${text}`);
        expect(result.stderr).toMatch(key);
      }
    }
    unchanged();
  });

  it("an invalid project config file is named with its bad key", async () => {
    const { s, unchanged } = await withOneAgent();
    s.write(".muster.toml", 'prefix = "no spaces allowed"\n');
    const result = await s.muster(["create", "bad-project", "--include-dirty", "--", "sleep", "600"]);
    expectError(result, 2, new RegExp(`${s.repo}/\\.muster\\.toml.*prefix`));
    unchanged();
  });

  it("a source path that does not exist is not found", async () => {
    const { s, unchanged } = await withOneAgent();
    expectError(await s.muster(["create", "lost", "--from", s.path("nowhere"), "--", "sleep", "600"]), 3, /nowhere.*does not exist/, /--from/);
    unchanged();
  });

  it("usage mistakes are usage errors", async () => {
    const { s, unchanged } = await withOneAgent();
    const cases: Array<[string[], RegExp]> = [
      [["list", "--format", "yaml"], /unknown format 'yaml'/],
      [["list", "--colour"], /unknown option '--colour'/],
      [["create", "x", "--bogus", "--", "sleep", "1"], /unknown option '--bogus'/],
      [["lsit"], /unknown command 'lsit'/],
      [["list", "--state", "sleeping"], /unknown state 'sleeping'/],
      [["capture"], /missing required argument/],
      [["list", "--label", "novalue"], /--label 'novalue'/],
      [["create", "typo", "--type", "comand", "--", "sleep", "1"], /unknown agent type 'comand'/],
      [["create", "empty"], /needs a command/],
      [["exec", "existing"], /no command given/],
      [["wait", "existing", "--state", "running", "--timeout", "soon"], /--timeout/],
    ];
    for (const [args, message] of cases) expectError(await s.muster(args), 2, message, /./, args.join(" "));
    unchanged();
  });

  it("a message over 1 MiB is refused before anything is sent", async () => {
    const { s, unchanged } = await withOneAgent();
    const file = s.write(s.path("huge.txt"), "x".repeat(1024 * 1024 + 1));
    expectError(await s.muster(["message", "existing", "--message-file", file]), 2, /1048577 bytes/);
    unchanged();
  });

  it("errors under --format json are one JSON document on stdout", async () => {
    const { s } = await withOneAgent();
    const result = await s.muster(["stop", "ghost", "--format", "json"]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({
      error: expect.objectContaining({ message: "no agent named 'ghost'", exitCode: 3, hint: expect.any(String) }),
    });
  });
});
