// The OpenAPI document the real server serves (/openapi/bourse.json) passes `redocly lint` with the repo's
// redocly.yaml (the `recommended` ruleset): no errors and no warnings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const redocly = join(here, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const config = join(here, 'redocly.yaml');

let server;
let scratch;
let served;

before(async () => {
  server = await startServer();
  scratch = await mkdtemp(join(tmpdir(), 'bourse-openapi-'));
  const response = await fetch(`${server.base}/openapi/bourse.json`);
  assert.equal(response.status, 200, 'the document is served');
  served = await response.json();
});

after(async () => {
  await server?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Runs `redocly lint` on `document` and returns its JSON report ({ totals: { errors, warnings }, problems }). */
async function lint(document, name) {
  const file = join(scratch, name);
  await writeFile(file, JSON.stringify(document, null, 2));
  // Keep the linter offline and quiet: no usage telemetry, no update check.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  const stdout = await new Promise((resolve, reject) => {
    // redocly exits non-zero when it finds errors; the JSON report on stdout is what the tests judge.
    execFile(process.execPath, [redocly, 'lint', file, '--config', config, '--format', 'json'],
      { env, cwd: here, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
        if (out.trim().startsWith('{')) resolve(out);
        else reject(new Error(`redocly lint produced no report: ${error?.message}\n${err}`));
      });
  });
  return JSON.parse(stdout);
}

const describe = (problems) => problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location?.[0]?.pointer}: ${p.message}`).join('\n');

test('the served document has no lint errors or warnings', async () => {
  const report = await lint(served, 'bourse.json');
  assert.deepEqual({ errors: report.totals.errors, warnings: report.totals.warnings }, { errors: 0, warnings: 0 },
    describe(report.problems));
});

test('the document covers only /api/v1 and /api/v3', () => {
  const paths = Object.keys(served.paths);
  assert.ok(paths.length > 0);
  assert.deepEqual(paths.filter((p) => !p.startsWith('/api/v1/') && !p.startsWith('/api/v3/')), []);
});

// Proves the test above can fail: the same linter and config flag a missing summary (an error) and an operation
// without any 4xx response (a warning), so neither kind of finding slips through.
test('the linter reports an error and a warning on a damaged copy', async () => {
  const damaged = structuredClone(served);
  const [first, second] = Object.values(damaged.paths).flatMap((item) => Object.values(item));
  delete first.summary;
  for (const status of Object.keys(second.responses)) {
    if (status.startsWith('4')) delete second.responses[status];
  }
  const report = await lint(damaged, 'damaged.json');
  const rules = report.problems.map((p) => `${p.severity} ${p.ruleId}`);
  assert.ok(rules.includes('error operation-summary'), describe(report.problems));
  assert.ok(rules.includes('warn operation-4xx-response'), describe(report.problems));
});
