#!/usr/bin/env node
/**
 * `npm run bench`: start-up, dry-run, status and parallel-publish timings of the built CLI, each
 * against a baseline measured in the same run, with the start-up issue's targets. Start-up cases are
 * paired run by run with `node -e 0`; their ratios are medians of the per-pair ratios, for wall time
 * and for CPU time (user + system), the latter less sensitive to other work on the machine. Every
 * run, the baseline's included, gets the same minimal environment (scripts/bench/measure.mjs).
 * It reports and exits 0 even when a target is missed; it exits 1 only when a case could not be
 * measured (the CLI failed or crashed) and 2 when the bench itself broke.
 *
 * It builds the current sources with the project's tsup config into a temporary copy of the package
 * and measures that, so dist/ is neither required nor touched; --no-build measures a copy of dist/.
 * Node 22 and 24 (found on PATH as node22/node24, under nvm, or given with --node) get the start-up,
 * dry-run and status cases too, each against its own `node -e 0`.
 *
 *   node scripts/bench.mjs [--runs 20] [--warmup 2] [--publish-runs 5] [--memory-runs 2]
 *                          [--latency 150] [--posts 1000] [--memory auto|gnu-time|preload]
 *                          [--only version,help,publish-help,dry-run,status,publish] [--no-build]
 *                          [--node /path/to/node22,/path/to/node24] [--peer /path/to/other-cli.js,...]
 *
 * --peer measures another CLI's `--help` the same way (its JS entry run with this Node), for the
 * README's comparison; install peers into a folder outside the repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeStatusCorpus } from './bench/corpus.mjs';
import { describeFailure, median, minimalEnv, pickMemoryMethod, runNode, TIMING_METHOD } from './bench/measure.mjs';
import { snapshotCli } from './bench/cli-snapshot.mjs';
import { importPlatformServer } from './bench/platform-server.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE_POST = path.join(REPO_ROOT, 'examples', 'hello-xpost.md');
// Every platform `--to all` publishes to: the four article platforms and the two thread platforms.
const PLATFORMS = ['devto', 'hashnode', 'medium', 'linkedin', 'bluesky', 'mastodon'];
const ALL_CASES = ['version', 'help', 'publish-help', 'dry-run', 'status', 'publish'];
/** The cases measured again on every other Node version found (publishing is measured on this one only). */
const OTHER_NODE_CASES = new Set(['version', 'help', 'publish-help', 'dry-run', 'status']);
/** Node majors besides the running one that the issue asks figures for. */
const OTHER_NODE_MAJORS = [22, 24];
/** The emulator only accepts LinkedIn-Version values it is told are active; xpost is told the same one. */
const LINKEDIN_VERSION = '202610';
const BASELINE_NODE = ['-e', '0'];

const TARGETS = {
  startupRatio: 1.25,
  dryRunRatio: 3.5,
  statusWallMs: 500,
  statusPeakMiB: 150,
  publishRatio: 1.2,
};

/** Rough time allowed for the status runs; a slower status gets fewer runs rather than a longer bench. */
const STATUS_BUDGET_MS = 25_000;

class CaseFailure extends Error {}
/** A run the bench killed for taking too long: a measurement (far over any target), not a crash. */
class RunTimedOut extends CaseFailure {}

const benchStarted = performance.now();
const cleanups = [];
let failedCases = 0;
let options;
/** bin/xpost.js of the snapshot being measured (see scripts/bench/cli-snapshot.mjs). */
let xpostBin;

async function main() {
  const cli = await snapshotCli(REPO_ROOT, { build: options.build });
  cleanups.push(cli.remove);
  xpostBin = cli.bin;

  const memory = await pickMemoryMethod(options.memory);
  printHeader(memory);
  const rows = [];
  const report = (row) => {
    rows.push(row);
    printRow(row);
  };

  for (const row of await nodeCases(process.execPath, options.only, memory)) report(row);
  if (options.only.has('publish')) for (const row of await publishCase(memory)) report(row);

  if (options.peers.length > 0) {
    process.stdout.write('\npeers, --help measured the same way\n');
    const home = await scratchDir('peer-home');
    for (const peer of options.peers) report(await peerHelpCase(peer, home, memory));
  }

  for (const other of otherNodes()) {
    process.stdout.write(`\n${other.label}\n`);
    if (!other.node) continue;
    const cases = new Set([...options.only].filter((name) => OTHER_NODE_CASES.has(name)));
    for (const row of await nodeCases(other.node, cases, memory)) report(row);
  }

  printSummary(rows);
}

/** The cases that need nothing but a Node binary, measured with that binary (and its own `node -e 0`). */
async function nodeCases(node, cases, memory) {
  const rows = [];
  const home = await scratchDir('home');
  const plain = { cwd: home, env: minimalEnv(home), node };
  if (cases.has('version')) rows.push(await startupCase('xpost --version', [xpostBin, '--version'], plain, TARGETS.startupRatio, memory));
  if (cases.has('help')) rows.push(await startupCase('xpost --help', [xpostBin, '--help'], plain, TARGETS.startupRatio, memory));
  if (cases.has('publish-help')) rows.push(await startupCase('xpost publish --help', [xpostBin, 'publish', '--help'], plain, TARGETS.startupRatio, memory));
  if (cases.has('dry-run')) {
    const dir = await scratchDir('dry-run');
    await copyFile(EXAMPLE_POST, path.join(dir, 'hello-xpost.md'));
    const args = [xpostBin, 'publish', 'hello-xpost.md', '--to', 'all', '--dry-run'];
    rows.push(await startupCase('xpost publish hello-xpost.md --to all --dry-run', args, { cwd: dir, env: minimalEnv(dir), node }, TARGETS.dryRunRatio, memory));
  }
  if (cases.has('status')) rows.push(await statusCase(node, memory));
  return rows;
}

/**
 * Node 22 and 24 binaries to measure besides this one: --node paths first, then node22/node24 on
 * PATH, then the newest of each major under nvm. A major not found gets a line saying so.
 */
function otherNodes() {
  const running = Number(process.versions.node.split('.')[0]);
  const found = new Map();
  const candidates = [...options.nodes, ...OTHER_NODE_MAJORS.map((major) => `node${major}`), ...nvmNodes()];
  for (const candidate of candidates) {
    const version = nodeVersion(candidate);
    const major = version ? Number(version.slice(1).split('.')[0]) : undefined;
    if (major === undefined || major === running || found.has(major)) continue;
    found.set(major, { node: candidate, label: `node ${version} (${candidate})` });
  }
  for (const major of OTHER_NODE_MAJORS) {
    if (major === running || found.has(major)) continue;
    found.set(major, { node: undefined, label: `node ${major}: not available on this machine (not on PATH as node${major}, not under nvm; pass --node /path/to/node${major})` });
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
}

/** "name@version" of the package a peer's entry file belongs to. */
function packageLabel(entry) {
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8'));
    if (name) return `${name}@${version}`;
  }
  return path.basename(entry);
}

function nvmNodes() {
  const root = path.join(process.env['NVM_DIR'] ?? path.join(os.homedir(), '.nvm'), 'versions', 'node');
  if (!existsSync(root)) return [];
  const versions = readdirSync(root).filter((name) => /^v\d+\./.test(name));
  // Newest first, so each major's first hit is its newest release.
  versions.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  return versions.map((name) => path.join(root, name, 'bin', 'node'));
}

function nodeVersion(binary) {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' }, timeout: 10_000 });
  return probe.status === 0 && /^v\d+\.\d+\.\d+/.test(probe.stdout.trim()) ? probe.stdout.trim() : undefined;
}

// ───────────────────────────── cases ─────────────────────────────

/** A fixed command against `node -e 0`, with a target on the median of the paired wall-time ratios. */
async function startupCase(name, args, where, targetRatio, memory) {
  return guard(name, async () => {
    const measured = await againstBareNode({ args, setup: async () => ({ ...where, verify: exitedWith(0) }) }, where, memory);
    return {
      name,
      ...measured,
      targets: [{ text: `≤ ${targetRatio}×`, met: measured.ratio <= targetRatio, cpuMet: measured.cpuRatio === null ? null : measured.cpuRatio <= targetRatio }],
    };
  });
}

/** Another CLI's `--help` against `node -e 0`, for comparison only: no target; some CLIs print their help and exit 1. */
async function peerHelpCase(entry, home, memory) {
  const name = `${packageLabel(entry)} --help`;
  const where = { cwd: home, env: minimalEnv(home) };
  const verify = (result) => ((result.code === 0 || result.code === 1) && `${result.stdout}${result.stderr}`.trim() !== '' ? null : describeFailure(result));
  return guard(name, async () => ({ name, ...(await againstBareNode({ args: [entry, '--help'], setup: async () => ({ ...where, verify }) }, where, memory)), targets: [] }));
}

/** `xpost status` in a generated folder of posts with a state file; absolute targets on time and memory. */
async function statusCase(node, memory) {
  const name = `xpost status (${options.posts.toLocaleString('en-US')} posts)`;
  return guard(name, async () => {
    const home = await scratchDir('status-probe');
    const probe = await runNode([xpostBin, 'status', '--help'], { cwd: home, env: minimalEnv(home), node });
    // commander answers `<unknown command> --help` with the program's help and exit 0, so the usage line decides.
    if (probe.code !== 0 || !/^Usage: xpost status\b/m.test(probe.stdout)) return { name, skipped: 'status command not available' };

    const dir = await scratchDir('status-corpus');
    await writeStatusCorpus(dir, options.posts);
    const where = { cwd: dir, env: minimalEnv(dir), node };
    // Exit 1 is accepted too, in case status signals "copies out of date" the way `git diff --exit-code` does.
    const verify = (result) => ((result.code === 0 || result.code === 1) && result.stdout.trim() !== '' ? null : describeFailure(result));
    const measured = await againstBareNode({ args: [xpostBin, 'status'], setup: async () => ({ ...where, verify }) }, where, memory, STATUS_BUDGET_MS);
    return {
      name: measured.rounds < options.runs ? `${name} [${plural(measured.rounds, 'run')}]` : name,
      ...measured,
      targets: [
        { text: `≤ ${TARGETS.statusWallMs} ms`, met: measured.medianMs <= TARGETS.statusWallMs, cpuMet: null },
        { text: `≤ ${TARGETS.statusPeakMiB} MiB`, met: measured.peakMiB !== null && measured.peakMiB <= TARGETS.statusPeakMiB, cpuMet: null },
      ],
    };
  });
}

/**
 * The spec and `node -e 0` interleaved run by run in the same folder, so both see the same machine
 * state; each round's two runs form a pair, and the ratios are medians of the pairs' ratios. The
 * first memory run also warms up (it may write the CLI's code cache) and tells how long one run
 * takes: when `budgetMs` does not fit the usual runs, the case gets fewer timed runs (at least one)
 * and no further warm-ups or memory runs, which keeps the whole bench bounded however slow the command is.
 */
async function againstBareNode(spec, where, memory, budgetMs = Infinity) {
  const baseline = { args: BASELINE_NODE, setup: async () => ({ ...where, verify: exitedWith(0) }) };
  const node = where.node ?? process.execPath;
  const first = await sampleOnce(spec, memory, node);
  const rounds = Math.min(options.runs, Math.max(1, Math.floor(budgetMs / first.wallMs)));
  const reduced = rounds < options.runs;
  const [runs, baselineRuns] = await sampleInterleaved([spec, baseline], rounds, reduced ? 0 : options.warmup, node);
  const peaks = [first.peakKiB, ...(reduced ? [] : await peakKiBs(spec, memory, options.memoryRuns - 1, node))];
  const cpuKnown = runs.every((run) => run.cpuMs !== null) && baselineRuns.every((run) => run.cpuMs !== null);
  return {
    medianMs: median(runs.map((run) => run.wallMs)),
    baselineMs: median(baselineRuns.map((run) => run.wallMs)),
    baselineLabel: 'node -e 0',
    ratio: median(runs.map((run, index) => run.wallMs / baselineRuns[index].wallMs)),
    cpuMs: cpuKnown ? median(runs.map((run) => run.cpuMs)) : null,
    baselineCpuMs: cpuKnown ? median(baselineRuns.map((run) => run.cpuMs)) : null,
    cpuRatio: cpuKnown ? median(runs.map((run, index) => run.cpuMs / baselineRuns[index].cpuMs)) : null,
    peakMiB: maxMiB(peaks),
    rounds,
  };
}

/**
 * One post to all four platforms against the emulation server with latency on every response,
 * against the slowest platform published alone (the best parallel publishing can do).
 */
async function publishCase(memory) {
  const name = `xpost publish --to all (${options.latency} ms latency)`;
  let server;
  try {
    const emulation = await importPlatformServer(REPO_ROOT);
    server = await emulation.startPlatformServer({ linkedinVersions: [LINKEDIN_VERSION] });
    const specs = [...PLATFORMS.map((platform) => publishSpec(server, [platform])), publishSpec(server, PLATFORMS)];
    const samples = await sampleInterleaved(specs, options.publishRuns, Math.min(options.warmup, 1));
    const cpuOf = (runs) => (runs.every((run) => run.cpuMs !== null) ? median(runs.map((run) => run.cpuMs)) : null);
    const chains = PLATFORMS.map((platform, index) => ({
      platform,
      medianMs: median(samples[index].map((run) => run.wallMs)),
      cpuMs: cpuOf(samples[index]),
      requests: specs[index].lastRequestCount,
    }));
    const slowest = chains.reduce((worst, chain) => (chain.medianMs > worst.medianMs ? chain : worst));
    const all = specs[PLATFORMS.length];
    const medianMs = median(samples[PLATFORMS.length].map((run) => run.wallMs));
    const cpuMs = cpuOf(samples[PLATFORMS.length]);
    // Publishing waits on the network: the wall-time ratio says whether the platforms went out side by side.
    const ratio = medianMs / slowest.medianMs;
    const chainRows = chains.map((chain) => ({
      name: `  └ --to ${chain.platform} alone (${plural(chain.requests, 'request')})`,
      medianMs: chain.medianMs,
      cpuMs: chain.cpuMs,
      detail: true,
    }));
    return [
      {
        name: `${name} (${plural(all.lastRequestCount, 'request')})`,
        medianMs,
        baselineMs: slowest.medianMs,
        baselineLabel: `slowest alone: ${slowest.platform}`,
        ratio,
        cpuMs,
        baselineCpuMs: slowest.cpuMs,
        cpuRatio: cpuMs === null || slowest.cpuMs === null ? null : cpuMs / slowest.cpuMs,
        peakMiB: maxMiB(await peakKiBs(all, memory, options.memoryRuns)),
        targets: [{ text: `≤ ${TARGETS.publishRatio}×`, met: ratio <= TARGETS.publishRatio, cpuMet: null }],
      },
      ...chainRows,
    ];
  } catch (error) {
    return [failedRow(name, error)];
  } finally {
    await server?.close();
  }
}

/** A fresh folder, a clean emulator and the latency for every run; checks each platform really got its writes. */
function publishSpec(server, platforms) {
  const spec = {
    args: [xpostBin, 'publish', 'posts/bench.md', '--to', platforms.length === PLATFORMS.length ? 'all' : platforms.join(',')],
    lastRequestCount: 0,
    setup: async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-bench-publish-'));
      await mkdir(path.join(dir, 'posts'));
      await writeFile(path.join(dir, 'posts', 'bench.md'), PUBLISH_POST, 'utf8');
      server.reset();
      server.setLatency(options.latency);
      return {
        cwd: dir,
        env: minimalEnv(dir, publishEnv(server)),
        verify: (result) => {
          if (result.code !== 0) return describeFailure(result);
          const missing = platforms.filter((platform) => server.writesTo(platform).length === 0);
          if (missing.length > 0) return `no write reached ${missing.join(', ')}`;
          if (server.emulatorErrors.length > 0) return `emulator error: ${server.emulatorErrors[0]}`;
          spec.lastRequestCount = server.requests.length;
          return null;
        },
        cleanup: () => rm(dir, { recursive: true, force: true }),
      };
    },
  };
  return spec;
}

function publishEnv(server) {
  return {
    XPOST_DEVTO_API_URL: server.origin,
    XPOST_HASHNODE_API_URL: server.origin,
    XPOST_MEDIUM_API_URL: server.origin,
    XPOST_LINKEDIN_API_URL: server.origin,
    XPOST_BLUESKY_API_URL: server.origin,
    XPOST_MASTODON_API_URL: server.origin,
    XPOST_LINKEDIN_VERSION: LINKEDIN_VERSION,
    XPOST_TIMEOUT_MS: '5000',
    XPOST_RETRY_MAX_ATTEMPTS: '3',
    XPOST_RETRY_BASE_MS: '10',
    XPOST_RETRY_MAX_WAIT_MS: '2000',
    DEVTO_API_KEY: server.devto.apiKey,
    HASHNODE_TOKEN: server.hashnode.token,
    HASHNODE_PUBLICATION_ID: server.hashnode.publicationId,
    MEDIUM_TOKEN: server.medium.token,
    LINKEDIN_ACCESS_TOKEN: server.linkedin.token,
    BLUESKY_HANDLE: server.bluesky.accountHandle,
    BLUESKY_APP_PASSWORD: server.bluesky.appPassword,
    MASTODON_INSTANCE_URL: server.origin,
    MASTODON_ACCESS_TOKEN: server.mastodon.token,
  };
}

const PUBLISH_POST = `---
title: "Benchmarking parallel publishing"
description: "One post, four platforms, every response delayed."
tags: ["testing", "Open Source", "node.js"]
canonical_url: https://blog.example.com/posts/bench-parallel/
---

The opening paragraph, with a [link](https://example.com/) and **bold** text.

## Why it matters

Publishing one platform after another adds the latencies up; publishing side by side does not.

\`\`\`js
console.log('hello');
\`\`\`
`;

// ───────────────────────────── sampling ─────────────────────────────

/**
 * Warm-ups, then `runs` rounds of every spec, the order rotating each round so no spec always runs
 * first; returns each spec's runs ({ wallMs, cpuMs }) in round order, so runs of one round pair up.
 */
async function sampleInterleaved(specs, runs, warmup, node = process.execPath) {
  for (let round = 0; round < warmup; round += 1) for (const spec of specs) await sampleOnce(spec, false, node);
  const samples = specs.map(() => []);
  for (let round = 0; round < runs; round += 1) {
    for (let step = 0; step < specs.length; step += 1) {
      const index = (round + step) % specs.length;
      const { wallMs, cpuMs } = await sampleOnce(specs[index], false, node);
      samples[index].push({ wallMs, cpuMs });
    }
  }
  return samples;
}

async function sampleOnce(spec, memory, node = process.execPath) {
  const { cwd, env, verify, cleanup } = await spec.setup();
  try {
    const result = await runNode(spec.args, { cwd, env, memory, node });
    if (result.timedOut) throw new RunTimedOut(`${commandLine(spec.args)}: ${describeFailure(result)}`);
    const problem = verify(result);
    if (problem) throw new CaseFailure(`${commandLine(spec.args)}: ${problem}`);
    return result;
  } finally {
    await cleanup?.();
  }
}

/** Peak RSS (KiB, or null when the method could not read it) of `runs` separate memory runs. */
async function peakKiBs(spec, memory, runs, node = process.execPath) {
  const peaks = [];
  for (let run = 0; run < runs; run += 1) peaks.push((await sampleOnce(spec, memory, node)).peakKiB);
  return peaks;
}

function maxMiB(peaksKiB) {
  const known = peaksKiB.filter((peak) => peak !== null);
  return known.length === 0 ? null : Math.max(...known) / 1024;
}

const exitedWith = (code) => (result) => (result.code === code ? null : describeFailure(result));

async function guard(name, measure) {
  try {
    return await measure();
  } catch (error) {
    return failedRow(name, error);
  }
}

function failedRow(name, error) {
  if (error instanceof RunTimedOut) return { name, timedOut: error.message };
  if (!(error instanceof CaseFailure)) throw error;
  failedCases += 1;
  return { name, failed: error.message };
}

async function scratchDir(label) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `xpost-bench-${label}-`));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// ───────────────────────────── output ─────────────────────────────

const NAME_WIDTH = 54;

function printHeader(memory) {
  const cpu = os.cpus();
  const lines = [
    `xpost bench · node ${process.version} · ${os.platform()} ${os.arch()} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}`,
    `medians of ${options.runs} runs after ${options.warmup} warm-ups (publish: ${options.publishRuns} runs after ${Math.min(options.warmup, 1)}), ` +
      `peak RSS = max of ${options.memoryRuns} separate runs via ${memory === 'gnu-time' ? '/usr/bin/time -v' : 'a --import preload (process.resourceUsage().maxRSS)'}`,
    `times via ${TIMING_METHOD}; ratios are medians of per-pair ratios against node -e 0 run alternately ` +
      `(publish: medians against the slowest platform alone); every run's environment is PATH, HOME and NO_COLOR only`,
  ];
  // Other work on the machine slows the baseline too and pulls every ratio towards 1×.
  const load = os.loadavg()[0] ?? 0;
  if (load > cpu.length / 2) lines.push(`note: 1-minute load average ${load.toFixed(1)} on ${cpu.length} cores; ratios are less trustworthy than on an idle machine`);
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printRow(row) {
  const name = row.name.padEnd(NAME_WIDTH);
  if (row.skipped) return void process.stdout.write(`${name}skipped (${row.skipped})\n`);
  if (row.failed) return void process.stdout.write(`${name}ERROR ${row.failed}\n`);
  if (row.timedOut) return void process.stdout.write(`${name}MISS  ${row.timedOut}\n`);
  if (row.detail) return void process.stdout.write(`${name}wall ${ms(row.medianMs)}${row.cpuMs === null ? '' : `   cpu ${ms(row.cpuMs)}`}\n`);
  const verdict = row.targets.length === 0 ? '' : row.targets.every((target) => target.met) ? 'ok' : 'MISS';
  const cpuVerdicts = row.targets.map((target) => target.cpuMet).filter((met) => met !== null);
  const cpuVerdict = cpuVerdicts.length === 0 ? '' : cpuVerdicts.every(Boolean) ? 'cpu ok' : 'cpu MISS';
  const target = row.targets.length === 0 ? '' : `target ${row.targets.map((t) => t.text).join(', ')}`;
  const cpu = row.cpuRatio === null ? `cpu ${'n/a'.padStart(10)}${' '.repeat(33)}` : `cpu ${ms(row.cpuMs)} (${row.baselineLabel} ${ms(row.baselineCpuMs)}) ${ratio(row.cpuRatio)}`;
  process.stdout.write(
    `${name}wall ${ms(row.medianMs)} (${row.baselineLabel} ${ms(row.baselineMs)}) ${ratio(row.ratio)}   ${cpu}   ` +
      `${target.padEnd(26)} ${verdict.padEnd(4)} ${cpuVerdict.padEnd(8)}   peak ${row.peakMiB === null ? '   n/a' : `${row.peakMiB.toFixed(1).padStart(6)} MiB`}\n`,
  );
}

function ratio(value) {
  return `${value.toFixed(2).padStart(6)}×`;
}

function printSummary(rows) {
  const measured = rows.filter((row) => row.targets?.length > 0 || row.timedOut);
  const missed = measured.filter((row) => row.timedOut || !row.targets.every((target) => target.met));
  const skipped = rows.filter((row) => row.skipped);
  const failed = rows.filter((row) => row.failed);
  const parts = [`${measured.length - missed.length}/${measured.length} targets met`];
  if (missed.length > 0) parts.push(`missed: ${missed.map((row) => row.name.trim()).join('; ')}`);
  if (skipped.length > 0) parts.push(`skipped: ${skipped.length}`);
  if (failed.length > 0) parts.push(`errors: ${failed.length}`);
  parts.push(`bench took ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
  process.stdout.write(`\n${parts.join(' · ')}\n`);
}

function commandLine(nodeArgs) {
  return nodeArgs[0] === xpostBin ? `xpost ${nodeArgs.slice(1).join(' ')}` : `node ${nodeArgs.join(' ')}`;
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function ms(value) {
  return `${value.toFixed(1).padStart(7)} ms`;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '2' },
      'publish-runs': { type: 'string', default: '5' },
      'memory-runs': { type: 'string', default: '2' },
      latency: { type: 'string', default: '150' },
      posts: { type: 'string', default: '1000' },
      memory: { type: 'string', default: 'auto' },
      only: { type: 'string', default: ALL_CASES.join(',') },
      'no-build': { type: 'boolean', default: false },
      node: { type: 'string', multiple: true, default: [] },
      peer: { type: 'string', multiple: true, default: [] },
    },
  });
  const count = (flag, minimum) => {
    const value = Number(values[flag]);
    if (!Number.isInteger(value) || value < minimum) throw new Error(`--${flag} must be an integer ≥ ${minimum}`);
    return value;
  };
  const only = new Set(values.only.split(',').map((name) => name.trim()).filter(Boolean));
  const unknown = [...only].filter((name) => !ALL_CASES.includes(name));
  if (unknown.length > 0) throw new Error(`--only: unknown case ${unknown.join(', ')} (known: ${ALL_CASES.join(', ')})`);
  if (!['auto', 'gnu-time', 'preload'].includes(values.memory)) throw new Error('--memory must be auto, gnu-time or preload');
  return {
    runs: count('runs', 1),
    warmup: count('warmup', 0),
    publishRuns: count('publish-runs', 1),
    memoryRuns: count('memory-runs', 1),
    latency: count('latency', 0),
    posts: count('posts', 1),
    memory: values.memory,
    only,
    build: !values['no-build'],
    nodes: values.node.flatMap((list) => list.split(',')).map((binary) => binary.trim()).filter(Boolean),
    peers: values.peer.flatMap((list) => list.split(',')).map((entry) => entry.trim()).filter(Boolean).map((entry) => realpathSync(entry)),
  };
}

// Last, so every module-level constant above is initialised before the bench starts.
try {
  options = parseOptions();
  await main();
  process.exitCode = failedCases > 0 ? 1 : 0;
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
} finally {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
}
