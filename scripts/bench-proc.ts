/**
 * Child processes and /proc readings for the bench (scripts/bench.ts). Every child is started in
 * its own process group and stopped at the end, also on error or Ctrl-C (stopAll).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';

const children = new Set<ChildProcess>();

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the group this script created (detached: true)
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

export async function stopAndWait(child: ChildProcess, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  stopChild(child, 'SIGTERM');
  const timer = setTimeout(() => stopChild(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Kills every child still running (synchronous: usable in an 'exit' handler). */
export function stopAll() {
  for (const child of children) stopChild(child, 'SIGKILL');
}

/** `node <args>` in its own process group, from `cwd`. */
export function start(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  stdio: 'pipe' | 'inherit' = 'pipe',
): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    stdio: ['ignore', stdio, stdio],
    detached: true,
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** VmHWM (peak resident set) of a live process, in kB; null once it has gone. */
export function readPeakRssKb(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export const CLOCK_TICKS = 100; // USER_HZ on Linux

/** utime + stime of a live process (all its threads), in ms; null once it has gone. */
export function readCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** The summed CPU ms of several processes (those gone count 0). */
export function sumCpuMs(pids: number[]): number {
  return pids.reduce((a, pid) => a + (readCpuMs(pid) ?? 0), 0);
}

/** Busy and total jiffies of all CPUs, from /proc/stat. */
export function cpuTimes(): { busy: number; total: number } | null {
  try {
    const f = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = f[3] + (f[4] ?? 0); // idle + iowait
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * How busy the CPUs are (0 to 1) over the next second, while this benchmark itself is idle: other
 * work on the machine (a build, another test run) lowers every figure.
 */
export async function otherLoad(phase: string): Promise<number> {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, 1_000));
  const b = cpuTimes();
  const busy = a && b && b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
  const warn =
    busy > 0.1
      ? `  ⚠ other processes keep the CPUs ${(busy * 100).toFixed(0)}% busy: figures may be low`
      : '';
  console.log(
    `  (CPUs ${(busy * 100).toFixed(0)}% busy before ${phase}, ${os.cpus().length} cores)${warn}`,
  );
  return busy;
}

export type RunResult = {
  code: number | null;
  seconds: number;
  stdout: string;
  stderr: string;
  peakRssKb: number;
  cpuSeconds: number | null;
  /** CPU time the rest of the machine used meanwhile (not this script, not the child): PostgreSQL among it. */
  othersCpuSeconds: number | null;
};

/**
 * Runs `node <args>` to its end, the PID being the node process doing the work. Peak RSS: the
 * highest VmHWM seen while polling /proc, and the child's own getrusage maxRSS reported from its
 * exit hook (`rssHook`, a --require'd file printing BENCH_MAXRSS_KB … CPU_US … on stderr).
 */
export async function run(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  rssHook?: string,
): Promise<RunResult> {
  const started = process.hrtime.bigint();
  const machine0 = cpuTimes();
  const self0 = process.cpuUsage();
  const child = start(cwd, rssHook ? ['--require', rssHook, ...args] : args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  let peak = 0;
  const poll = setInterval(() => {
    const kb = readPeakRssKb(child.pid!);
    if (kb !== null && kb > peak) peak = kb;
  }, 20);
  const [code] = (await once(child, 'close')) as [number | null];
  clearInterval(poll);
  const machine1 = cpuTimes();
  const self = process.cpuUsage(self0);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const hook = /BENCH_MAXRSS_KB (\d+) CPU_US (\d+)/.exec(stderr);
  if (hook) peak = Math.max(peak, Number(hook[1]));
  return {
    code,
    seconds,
    stdout,
    stderr: stderr.replace(/\n?BENCH_MAXRSS_KB .*\n?/, ''),
    peakRssKb: peak,
    cpuSeconds: hook ? Number(hook[2]) / 1e6 : null,
    othersCpuSeconds:
      hook && machine0 && machine1
        ? Math.max(
            0,
            (machine1.busy - machine0.busy) / CLOCK_TICKS -
              Number(hook[2]) / 1e6 -
              (self.user + self.system) / 1e6,
          )
        : null,
  };
}

/** The rss hook's source: the child reports its own peak RSS and CPU time as it exits. */
export const RSS_HOOK_SOURCE =
  "process.on('exit', () => { try { const u = process.resourceUsage(); require('fs').writeSync(2, '\\nBENCH_MAXRSS_KB ' + u.maxRSS + ' CPU_US ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); } catch {} });\n";
