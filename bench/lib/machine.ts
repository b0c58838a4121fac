import { cpus, totalmem } from 'node:os';

/** One line describing the machine, printed by every benchmark. */
export function machineLine(): string {
  const c = cpus();
  return `${c.length} cores (${c[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}
