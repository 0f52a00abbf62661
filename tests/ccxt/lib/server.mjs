// Starts the already-built Bourse server (it builds nothing itself: test.sh or `dotnet build` did that) on a free
// loopback port with a fresh data directory in demo mode (or, with `demo: false`, empty as production starts) and the
// market maker off, so books only hold what the tests put there. Stops it with SIGTERM, then SIGKILL if it lingers.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The server binary: BOURSE_DLL if set, else the Debug build `dotnet build Bourse.slnx` leaves behind. */
export const serverDll = process.env.BOURSE_DLL ?? join(repo, 'src', 'Bourse.Server', 'bin', 'Debug', 'net10.0', 'bourse.dll');

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @returns {Promise<{ base: string, ws: string, port: number, dataDir: string,
 *   credentials: Record<string, { apiKey: string, secretKey: string }>, output: () => string, stop: () => Promise<void> }>}
 */
export async function startServer({ demo = true, args = [] } = {}) {
  if (!existsSync(serverDll)) {
    throw new Error(`${serverDll} is missing: build the solution first (dotnet build Bourse.slnx)`);
  }

  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'bourse-ccxt-'));
  // Metrics and health on a port of their own choosing: the default one may be taken by another server.
  const child = spawn('dotnet', [serverDll, ...(demo ? ['--demo'] : []), '--urls', `http://127.0.0.1:${port}`, '--management-urls', 'http://127.0.0.1:0',
    '--data-dir', dataDir, '--Bourse:DemoMarketMaker', 'false', ...args], { cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const record = (chunk) => { lines.push(chunk.toString()); if (lines.length > 2000) lines.shift(); };
  child.stdout.on('data', record);
  child.stderr.on('data', record);
  let exited = null;
  const exit = new Promise((r) => child.on('exit', (code, signal) => { exited = { code, signal }; r(); }));
  const output = () => lines.join('');
  // If the test process dies before stop() (an uncaught error, a closed stdout pipe), take the server with it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.on('exit', orphanGuard);

  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => { if (exited === null) child.kill('SIGKILL'); }, 30_000);
      await exit;
      clearTimeout(timer);
    }
    process.off('exit', orphanGuard);
    await rm(dataDir, { recursive: true, force: true });
  };

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`server exited (${JSON.stringify(exited)}):\n${output()}`);
    }
    try {
      const response = await fetch(`${base}/health/ready`);
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not ready within 60 s:\n${output()}`);
    }
    await sleep(100);
  }

  if (!demo) {
    return { base, ws: `ws://127.0.0.1:${port}`, port, dataDir, credentials: {}, output, stop };
  }

  // The seeder writes the file before the host reports ready; read it once it parses.
  const file = join(dataDir, 'demo-credentials.json');
  let list;
  for (;;) {
    try {
      list = JSON.parse(await readFile(file, 'utf8'));
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`no ${file}: ${error}\n${output()}`);
      }
      await sleep(100);
    }
  }
  const credentials = Object.fromEntries(list.map((c) => [c.user, { apiKey: c.apiKey, secretKey: c.secretKey }]));
  return { base, ws: `ws://127.0.0.1:${port}`, port, dataDir, credentials, output, stop };
}
