import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Every file reached from `entry` through static `import … from` / `export … from`, not `import()`. */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
      visit(resolve(dirname(file), match[1]!));
    }
  };
  visit(resolve(root, entry));
  return seen;
}

describe('what the production proxy loads', () => {
  it.each(['src/proxy/index.ts', 'src/proxy/cli.ts'])(
    '%s reaches no emulator unless the sandbox is asked for',
    (entry) => {
      const reached = [...staticGraph(entry)].map((file) => relative(root, file));
      expect(reached.length).toBeGreaterThan(20);
      expect(reached).toContain('src/proxy/open-backend.ts');
      expect(reached.filter((file) => file.startsWith('src/sandbox/'))).toEqual([]);
    },
  );
});
