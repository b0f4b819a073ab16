/**
 * CPU time spent by a process or by the Redis server, for "CPU per turn" figures: unlike
 * throughput, they barely move when other work shares the machine.
 */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const USER_HZ = 100;

/** User + system CPU milliseconds of process `pid` (Linux /proc), or undefined elsewhere. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU milliseconds the Redis server at `url` has used (INFO cpu). */
export async function redisCpuMs(url: string): Promise<number | undefined> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const info = await redis.info('cpu');
    const value = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1]);
    const total = value('used_cpu_user') + value('used_cpu_sys');
    return Number.isFinite(total) ? total * 1000 : undefined;
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}
