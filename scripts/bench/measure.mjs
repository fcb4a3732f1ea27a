/**
 * Spawning one command and measuring it: wall time and CPU time (user + system) of the child, and,
 * in separate runs so the timing stays clean, the peak resident set size. Times come from bash's
 * `time` keyword (getrusage of the child, 1 ms resolution) when bash exists; without bash only the
 * wall time is known, taken from spawn to exit with process.hrtime.bigint.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';
const RSS_PRELOAD_URL = new URL('./max-rss-preload.mjs', import.meta.url).href;
/** A run longer than this is killed (result.timedOut), so a hung or very slow CLI cannot stall the bench. */
const RUN_TIMEOUT_MS = 30_000;
const BASH = ['/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash', '/opt/homebrew/bin/bash'].find((candidate) => existsSync(candidate));
/**
 * Runs "$@" under bash's `time`, whose report (real, user, system seconds) goes to fd 3 while the
 * command keeps its own stdout and stderr and does not inherit the extra descriptors.
 */
const TIMED_SCRIPT = `TIMEFORMAT='%3R %3U %3S'; { time "$@" 2>&4 3>&- 4>&-; } 4>&2 2>&3 3>&-`;

/** How timed runs are measured, for the bench's header. */
export const TIMING_METHOD = BASH ? `bash \`time\` (wall and user+sys CPU of the child, 1 ms resolution)` : 'spawn to exit (no bash: CPU time not measured)';

/**
 * 'gnu-time' (/usr/bin/time -v, "Maximum resident set size") when it exists and works, else
 * 'preload' (node --import of a module that writes process.resourceUsage().maxRSS on exit).
 */
export async function pickMemoryMethod(requested) {
  if (requested === 'preload') return 'preload';
  let available = false;
  try {
    accessSync(GNU_TIME, constants.X_OK);
    // BusyBox and BSD `time` lack -v; try it once rather than trusting the path.
    const probe = await spawnMeasured(GNU_TIME, ['-v', process.execPath, '-e', '0'], { cwd: os.tmpdir(), env: minimalEnv(os.tmpdir()) });
    available = probe.code === 0 && /Maximum resident set size/.test(probe.stderr);
  } catch {
    available = false;
  }
  if (requested === 'gnu-time' && !available) throw new Error(`--memory=gnu-time needs a GNU ${GNU_TIME} that supports -v`);
  return available ? 'gnu-time' : 'preload';
}

/**
 * What every child gets, the baseline included: nothing from the caller's environment but PATH, like
 * tests/helpers/run-cli.ts. Variables such as NODE_OPTIONS or NODE_EXTRA_CA_CERTS (which alone adds
 * tens of milliseconds to bare Node's start-up) would otherwise slow both sides and flatter every ratio.
 */
export function minimalEnv(home, extra = {}) {
  return { PATH: process.env['PATH'] ?? '', HOME: home, NO_COLOR: '1', ...extra };
}

/**
 * Runs `node <nodeArgs>` once with the given Node binary. `memory` false → timed run (wallMs, and
 * cpuMs when bash measures it, else null); 'gnu-time' | 'preload' → a memory run whose result
 * carries peakKiB; its wall time includes the wrapper, good enough to estimate a run's length.
 */
export async function runNode(nodeArgs, { cwd, env, memory = false, node = process.execPath }) {
  if (!memory) return spawnTimed(node, nodeArgs, { cwd, env });
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'xpost-bench-rss-'));
  const report = path.join(scratch, 'rss.txt');
  try {
    if (memory === 'gnu-time') {
      const result = await spawnMeasured(GNU_TIME, ['-v', '-o', report, node, ...nodeArgs], { cwd, env });
      const match = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(await readFile(report, 'utf8').catch(() => ''));
      return { ...result, peakKiB: match ? Number(match[1]) : null };
    }
    const result = await spawnMeasured(node, ['--import', RSS_PRELOAD_URL, ...nodeArgs], {
      cwd,
      env: { ...env, XPOST_BENCH_RSS_FILE: report },
    });
    const text = await readFile(report, 'utf8').catch(() => '');
    return { ...result, peakKiB: text.trim() === '' ? null : Number(text) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Children still running, so an interrupted bench can end them and their own children. */
const running = new Set();

process.once('SIGINT', () => {
  for (const child of running) killGroup(child);
  process.exit(130);
});

/** Each child leads its own process group: killing the group also ends node under /usr/bin/time. */
function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** A timed run: under bash's `time` when there is bash (wall and CPU of the child alone), else spawn to exit. */
async function spawnTimed(node, nodeArgs, { cwd, env }) {
  if (!BASH) return { ...(await spawnMeasured(node, nodeArgs, { cwd, env })), cpuMs: null };
  const result = await spawnMeasured(BASH, ['-c', TIMED_SCRIPT, 'bash', node, ...nodeArgs], { cwd, env, timing: true });
  const [real, user, system] = result.timing.trim().split(/\s+/).map(Number);
  // bash reports no time for a command it did not wait for (killed with its group on a time-out).
  if (result.timedOut || ![real, user, system].every(Number.isFinite)) return { ...result, cpuMs: null };
  return { ...result, wallMs: real * 1000, cpuMs: (user + system) * 1000 };
}

function spawnMeasured(file, args, { cwd, env, timing = false }) {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let times = '';
    let exitedAt = 0n;
    let timedOut = false;
    const startedAt = process.hrtime.bigint();
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe', ...(timing ? ['pipe'] : [])], detached: true });
    running.add(child);
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    if (timing) child.stdio[3].setEncoding('utf8').on('data', (chunk) => (times += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, RUN_TIMEOUT_MS);
    // Wall time ends when the process exits; 'close' (all output drained) is only waited for.
    child.once('exit', () => (exitedAt = process.hrtime.bigint()));
    child.once('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, timedOut, stdout, stderr, timing: times, wallMs: Number(exitedAt - startedAt) / 1e6 });
    });
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A run that did not end the way the case expects, as one line for the report. */
export function describeFailure(result) {
  if (result.timedOut) return `killed after ${RUN_TIMEOUT_MS / 1000} s`;
  if (result.signal) return `ended by ${result.signal}`;
  // The first few lines: xpost's own errors put the summary first and the cause below it.
  const lines = (result.stderr.trim() || result.stdout.trim()).split('\n').map((line) => line.trim()).filter(Boolean);
  const excerpt = lines.slice(0, 3).join(' | ');
  return `exit ${result.code}${excerpt ? `: ${excerpt.slice(0, 300)}` : ''}`;
}
