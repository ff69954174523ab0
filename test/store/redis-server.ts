import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutFaketime } from '../fixtures/real-clock.ts';

/** redis-server, which faketime's preload hangs, runs on the real clock. */
const realClock = { env: withoutFaketime() };

export const hasRedisServer =
  spawnSync('redis-server', ['--version'], { ...realClock, timeout: 10_000 }).status === 0;

/** A loopback port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export interface RedisServer {
  url: string;
  port: number;
  /** Where it keeps its files: a Redis started again with this folder reads what it persisted. */
  dir: string;
  /** SIGSTOP: the connection stays open and nothing answers, as when Redis hangs or its host stalls. */
  freeze(): void;
  thaw(): void;
  /** SIGKILL: connections are refused until a Redis is started on the port again. */
  kill(): Promise<void>;
  /** Kills it and removes its folder. */
  stop(): Promise<void>;
}

/** What the Redis keeps across a restart: an append-only file (as production's must), snapshots, or nothing. */
export type Persist = 'aof' | 'rdb' | 'none';

const PERSIST_ARGS: Record<Persist, string[]> = {
  aof: ['--save', '', '--appendonly', 'yes'],
  rdb: ['--save', '60 1', '--appendonly', 'no'],
  none: ['--save', '', '--appendonly', 'no'],
};

/** A throwaway redis-server on loopback, in a folder of its own; without persistence unless asked. */
export async function startRedis(
  options: { persist?: Persist; port?: number; dir?: string } = {},
): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'viewing-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...PERSIST_ARGS[options.persist ?? 'none']],
    { ...realClock, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  const kill = async () => {
    // A stopped process cannot act on SIGKILL; wake it first so nothing stopped is left behind.
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    freeze: () => void child.kill('SIGSTOP'),
    thaw: () => void child.kill('SIGCONT'),
    kill,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
