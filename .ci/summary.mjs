// Sums the test reports that `npm test` writes into reports/ and prints the closing count line.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;

if (existsSync('reports/vitest.json')) {
  const report = JSON.parse(readFileSync('reports/vitest.json', 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
// The browser suite, and its runs from other instants (`npm run test:dates`).
const browserReports = existsSync('reports')
  ? readdirSync('reports').filter((name) => /^playwright.*\.json$/.test(name))
  : [];
for (const name of browserReports) {
  const { stats } = JSON.parse(readFileSync(`reports/${name}`, 'utf8'));
  passed += (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  failed += stats?.unexpected ?? 0;
  skipped += stats?.skipped ?? 0;
}
// A step before the suites (types, lint, build, size budget) failed: count it, so a red run never reads green.
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
