import { cpus, totalmem } from 'node:os';

/** What the figures were measured on: they mean little without it. */
export function machine(): string {
  const cpu = cpus();
  return [
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length}`,
    `- Memory: ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `- Node: ${process.version} (${process.platform}/${process.arch})`,
  ].join('\n');
}
