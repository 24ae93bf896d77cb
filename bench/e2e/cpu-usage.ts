import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Linux reports CPU time in USER_HZ ticks, 100 per second on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

export interface CpuSnapshot {
  atMs: number;
  /** Machine-wide busy and total ticks (all cores), from /proc/stat. */
  machineBusy: number;
  machineTotal: number;
  /** CPU ticks (user + system) per watched process. */
  processes: Map<string, number>;
}

export interface CpuUsage {
  seconds: number;
  /** Share of all cores busy over the window, 0–100. */
  machineBusyPercent: number;
  /** Per watched process: CPU seconds and share of one core over the window. */
  processes: { name: string; cpuSeconds: number; percentOfOneCore: number }[];
}

function readStat(pid: number | string): { comm: string; ticks: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited meanwhile
  }
  // The command name may contain spaces, so the fields are counted from its closing parenthesis.
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 1).trim().split(/\s+/);
  return { comm: text.slice(text.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** Sums the CPU ticks of every process with one of the given command names (e.g. all PostgreSQL backends). */
function ticksByCommand(commands: readonly string[]): Map<string, number> {
  const sums = new Map<string, number>();
  if (commands.length === 0) return sums;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat && commands.includes(stat.comm)) sums.set(stat.comm, (sums.get(stat.comm) ?? 0) + stat.ticks);
  }
  return sums;
}

/** Where /proc is missing (macOS) the bench still runs; it just reports no CPU figures. */
export function cpuSnapshot(pids: ReadonlyMap<string, number | undefined>, commands: readonly string[] = []): CpuSnapshot | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = ticks[3] + ticks[4];
  const processes = new Map<string, number>();
  for (const [name, pid] of pids) {
    const stat = pid === undefined ? undefined : readStat(pid);
    if (stat) processes.set(name, stat.ticks);
  }
  for (const [command, ticks] of ticksByCommand(commands)) processes.set(`all "${command}" processes`, ticks);
  return { atMs: Date.now(), machineBusy: total - idle, machineTotal: total, processes };
}

export function cpuUsage(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined): CpuUsage | undefined {
  if (!before || !after) return undefined;
  const seconds = (after.atMs - before.atMs) / 1000;
  const totalTicks = after.machineTotal - before.machineTotal;
  return {
    seconds,
    machineBusyPercent: totalTicks > 0 ? (100 * (after.machineBusy - before.machineBusy)) / totalTicks : Number.NaN,
    processes: [...after.processes].flatMap(([name, ticks]) => {
      const start = before.processes.get(name);
      if (start === undefined) return [];
      const cpuSeconds = (ticks - start) / TICKS_PER_SECOND;
      return [{ name, cpuSeconds, percentOfOneCore: (100 * cpuSeconds) / seconds }];
    }),
  };
}
