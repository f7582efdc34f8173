import { join, relative, resolve } from "node:path";
import { parseAddress } from "../domain/address.js";
import { AgentRecord } from "../domain/agent.js";
import { parseBranchSpec, type BranchSpec } from "../domain/branch.js";
import { AppError, BlockedError, ConflictError, MissingToolError, NotFoundError, UsageError } from "../domain/errors.js";
import { generateName, newAgentId } from "../domain/names.js";
import type { AgentType } from "../ports/agent-type.js";
import type { Host } from "../ports/host.js";
import { hostsFor } from "./agents.js";
import { agentSession, sessionName, type Context } from "./context.js";
import { checkModel, connectToGateway, revokeTokens } from "./gateway.js";
import { ensureWatcher } from "./watch.js";
import { launchSession, modelEndpoints, musterEnv, writeLaunchFiles } from "./launch.js";
import { deliverMessage } from "./message.js";
import { appendEvent } from "./observe.js";
import { prepareWorkDir, type WorkDirPlan } from "./workdir.js";

export interface CreateOptions {
  address?: string;
  type?: string;
  args: string[];
  from?: string;
  branch?: string;
  inPlace: boolean;
  includeDirty: boolean;
  env: Record<string, string>;
  labels: Record<string, string>;
  model?: string;
  /** route the agent's model calls through the host's gateway (started on demand) */
  gateway: boolean;
  budgetUsd?: number;
  /** sent once the agent is ready; if it cannot be delivered, the agent is removed again */
  firstMessage?: string;
}

/** Creates an agent; on any failure, everything it made so far is removed again. */
export async function createAgent(ctx: Context, opts: CreateOptions): Promise<{ host: Host; record: AgentRecord; blocked: BlockedError | null }> {
  const address = opts.address ? parseAddress(opts.address) : {};
  const [host] = hostsFor(ctx, address);
  if (!host) throw new NotFoundError("no host to create the agent on");
  const type = ctx.types.get(opts.type ?? ctx.config.create.type);
  const program = requiredProgram(host, type);
  const sourceDir = resolve(ctx.cwd, opts.from ?? ".");
  if (!host.files.isDirectory(sourceDir))
    throw new NotFoundError(`source directory ${sourceDir} does not exist`, { hint: "pass an existing directory with --from PATH" });

  if (opts.gateway && opts.model) checkModel(ctx, opts.model);
  host.store.host(); // writes host.json on first use
  const id = newAgentId();
  const name = claimName(ctx, host, address.name, id);
  const undo: Array<() => Promise<void> | void> = [() => host.store.releaseName(name, id)];
  try {
    const plan = await planWorkDir(ctx, host, { ...opts, name, sourceDir });
    const budgetUsd = opts.budgetUsd ?? ctx.config.gateway.budget_usd ?? null;
    undo.push(() => revokeTokens(host, id));
    const gatewayVars = opts.gateway ? await connectToGateway(ctx, host, { id, name, model: opts.model ?? null }, budgetUsd) : {};
    const launch = type.launch(opts.args, {
      record: { id, name, workDir: plan.workDir, model: opts.model ?? null },
      agentDir: host.store.agentDir(id),
      program,
      endpoints: modelEndpoints({ ...gatewayVars, ...opts.env }),
    });
    const record = AgentRecord.parse({
      id,
      name,
      type: type.name,
      command: launch.argv,
      workDir: plan.workDir,
      workDirMode: plan.mode,
      branch: plan.branch,
      createdBranch: plan.createdBranch,
      baseCommit: plan.baseCommit,
      sourceRepo: plan.sourceRepo,
      sourceDir,
      labels: opts.labels,
      createdAt: new Date().toISOString(),
      model: opts.model ?? null,
      provider: host.provider,
      host: host.name,
      session: sessionName(ctx, name),
    });
    host.store.writeRecord(record);
    undo.push(() => host.store.removeRecordDir(id));
    undo.push(...(await prepareWorkDir(ctx, host, plan)));
    host.store.writeEnv(id, { ...gatewayVars, ...launch.env, ...opts.env, ...musterEnv(host, record) });
    writeLaunchFiles(host, launch);
    await runSetup(ctx, host, record);
    await launchSession(ctx, host, record);
    undo.push(() => host.tmux.killSession(agentSession(ctx, record)));
    appendEvent(host, record, "created", { type: record.type, workDir: record.workDir, branch: record.branch, mode: record.workDirMode });
    appendEvent(host, record, "started", { command: record.command });
    ensureWatcher(ctx, host);
    const blocked = opts.firstMessage === undefined ? null : await deliverFirst(ctx, { host, record }, opts.firstMessage);
    return { host, record, blocked };
  } catch (error) {
    for (const step of undo.reverse()) await Promise.resolve(step()).catch(() => undefined);
    throw error;
  }
}

/** Delivers the first message; "delivered, but a dialog blocks the agent" keeps the agent. */
async function deliverFirst(ctx: Context, agent: { host: Host; record: AgentRecord }, text: string): Promise<BlockedError | null> {
  try {
    await deliverMessage(ctx, agent, text);
    return null;
  } catch (error) {
    if (error instanceof BlockedError) return error;
    throw error;
  }
}

/** The absolute path of the program the type needs; a clear error with an install hint when missing. */
function requiredProgram(host: Host, type: AgentType): string | undefined {
  if (!type.requires) return undefined;
  const path = host.runner.which(type.requires.program);
  if (path === null) {
    throw new MissingToolError(`the ${type.name} agent type needs '${type.requires.program}', which is not installed on ${host.name} (not on PATH)`, {
      hint: `install it: ${type.requires.install}`,
    });
  }
  return path;
}

function claimName(ctx: Context, host: Host, wanted: string | undefined, id: string): string {
  if (wanted !== undefined) {
    if (host.store.claimName(wanted, id)) return wanted;
    throw new ConflictError(`an agent named '${wanted}' already exists on ${host.name}`, {
      hint: "pick another name, or `muster destroy " + wanted + "` first",
    });
  }
  const taken = new Set(host.store.listRecords().records.map((r) => r.name));
  for (;;) {
    const name = generateName(taken);
    if (host.store.claimName(name, id)) return name;
    taken.add(name);
  }
}

async function planWorkDir(ctx: Context, host: Host, opts: CreateOptions & { name: string; sourceDir: string }): Promise<WorkDirPlan> {
  const info = await host.git.repoInfo(opts.sourceDir);
  const repo = info?.root ?? null;
  if (opts.inPlace) {
    const branch = repo ? await host.git.currentBranch(repo) : null;
    return {
      mode: "in-place",
      workDir: opts.sourceDir,
      sourceDir: opts.sourceDir,
      sourceRepo: repo,
      branch,
      createdBranch: false,
      baseCommit: null,
      includeDirty: false,
      spec: {},
    };
  }
  if (repo === null) {
    if (opts.branch !== undefined) throw new UsageError(`--branch needs a git repository, and ${opts.sourceDir} is not in one`);
    checkCopySource(ctx, host, opts.sourceDir);
    return {
      mode: "copy",
      workDir: freeWorkDirPath(host, opts.name),
      sourceDir: opts.sourceDir,
      sourceRepo: null,
      branch: null,
      createdBranch: false,
      baseCommit: null,
      includeDirty: false,
      spec: {},
    };
  }
  const spec: BranchSpec = parseBranchSpec(opts.branch, opts.name);
  const baseCommit = info?.head ?? null;
  if (baseCommit === null) throw new AppError(`the repository ${repo} has no commits yet`, { hint: "make a first commit, or use --in-place" });
  const includeDirty = opts.includeDirty || ctx.config.create.include_dirty;
  if (spec.base === undefined && !includeDirty) {
    const dirty = await host.git.status(repo);
    if (dirty.length > 0) {
      throw new AppError(`the source tree ${repo} has ${dirty.length} uncommitted change${dirty.length === 1 ? "" : "s"}`, {
        hint: "commit or stash them, or pass --include-dirty to carry them into the agent's work tree",
        data: { changes: dirty.slice(0, 20) },
      });
    }
  }
  const worktree = freeWorkDirPath(host, opts.name);
  const subdir = relative(repo, opts.sourceDir);
  return {
    mode: "worktree",
    workDir: subdir ? join(worktree, subdir) : worktree,
    worktree,
    sourceDir: opts.sourceDir,
    sourceRepo: repo,
    branch: spec.newBranch ?? (spec.base && (await host.git.branchExists(repo, spec.base)) ? spec.base : null),
    createdBranch: spec.newBranch !== undefined,
    baseCommit: spec.base === undefined ? baseCommit : null,
    includeDirty: includeDirty && spec.base === undefined,
    spec,
  };
}

const MAX_COPY_ENTRIES = 20_000;

/** A non-git source is copied whole, so refuse what cannot or should not be copied. */
function checkCopySource(ctx: Context, host: Host, sourceDir: string): void {
  const hostDir = host.store.hostDir;
  if (sourceDir === "/" || sourceDir === ctx.env.HOME || hostDir === sourceDir || hostDir.startsWith(`${sourceDir}/`)) {
    throw new UsageError(
      `${sourceDir} is not a git repository, and copying it whole is not sensible (it is / or your home, or holds muster's host dir)`,
      {
        hint: "run from a project directory, pass --from PATH, or use --in-place",
      },
    );
  }
  if (host.files.countEntries(sourceDir, MAX_COPY_ENTRIES) >= MAX_COPY_ENTRIES) {
    throw new UsageError(`${sourceDir} is not a git repository and has more than ${MAX_COPY_ENTRIES} files to copy`, {
      hint: "make it a git repository (muster then uses a worktree), or use --in-place",
    });
  }
}

/** The work dir path for a new agent; after a rename it may still be another agent's work dir. */
function freeWorkDirPath(host: Host, name: string): string {
  const path = host.store.worktreePath(name);
  if (!host.files.exists(path)) return path;
  const owner = host.store.listRecords().records.find((r) => r.workDir === path || r.workDir.startsWith(`${path}/`));
  if (owner) throw new ConflictError(`${path} is the work dir of agent '${owner.name}'`, { hint: "pick another name for the new agent" });
  throw new ConflictError(`${path} already exists and belongs to no agent`, { hint: "move it out of the way, or pick another name" });
}

async function runSetup(ctx: Context, host: Host, record: AgentRecord): Promise<void> {
  const setup = ctx.config.create.setup;
  if (!setup) return;
  ctx.progress(`running setup: ${setup}`);
  const result = await host.runner.run(["sh", "-c", setup], {
    cwd: record.workDir,
    env: { ...host.store.readEnv(record.id) },
    nothrow: true,
    timeoutMs: 30 * 60_000,
  });
  if (result.code !== 0) {
    const output = (result.stderr.trim() || result.stdout.trim()).split("\n").slice(-5).join("\n");
    throw new AppError(`setup command failed (exit ${result.code}): ${setup}${output ? `\n${output}` : ""}`, {
      hint: "fix the command under [create] setup in .muster.toml; nothing of the agent was kept",
      data: { stdout: result.stdout.slice(-4000), stderr: result.stderr.slice(-4000) },
    });
  }
}
