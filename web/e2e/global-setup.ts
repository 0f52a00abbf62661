import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const serverDll = path.resolve(here, '../../src/Bourse.Server/bin/Debug/net10.0/bourse.dll');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited (${child.exitCode}):\n${log()}`);
    }
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server at ${url} was not ready within 60 s:\n${log()}`);
}

/**
 * Every spec signs in from 127.0.0.1, so the per-IP sign-in limit (30/min, tested by the .NET suite) is raised here:
 * these tests are about the pages, not the throttle. The two servers' metrics listeners take any free port, since
 * both cannot have the default one.
 */
const sharedArgs = ['--Bourse:Limits:AuthPerMinutePerIp=100000', '--management-urls=http://127.0.0.1:0'];

/** Starts one demo server; returns its URL, data directory and a stop function. */
async function startServer(name: string, extraArgs: string[]) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), `bourse-e2e-${name}-`));
  const child = spawn(
    'dotnet',
    [serverDll, '--demo', '--data-dir', dataDir, '--urls', url, `--Bourse:Identity:PublicUrl=${url}`, ...sharedArgs, ...extraArgs],
    { cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await waitReady(url, child, () => output);
  return {
    url,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, 15_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Three servers: a quiet one (no market maker) where the flows own every order in the book, a lively one (market
 * maker on) for the screenshots, and the back office's (quiet too; admin.spec.ts makes its operators). Their addresses
 * and data directories reach the tests through the environment.
 */
export default async function globalSetup() {
  if (!existsSync(serverDll)) {
    throw new Error(`${serverDll} is missing: run 'dotnet build src/Bourse.Server' first`);
  }
  // The build goes on without Node.js (the exchange runs without its UI); these tests must not.
  if (!existsSync(path.join(path.dirname(serverDll), 'wwwroot', 'index.html'))) {
    throw new Error('the server was built without the web UI (Node.js 20.19+ with npm missing?): nothing to test');
  }
  const quiet = await startServer('quiet', ['--Bourse:DemoMarketMaker=false']);
  const lively = await startServer('lively', []);
  // The back office's server (admin.spec.ts): its own, since the spec halts markets and lists new ones. It starts with no
  // operator: the spec makes its two with `bourse admin create --email E --roles … --data-dir <its data directory>`
  // (BOURSE_ADMIN_DATA), as an operator would on the server's machine, then sets them up through the setup link.
  const operators = ['operator-a@example.com', 'operator-b@example.com'];
  const back = await startServer('admin', ['--Bourse:DemoMarketMaker=false']);
  process.env.BOURSE_QUIET_URL = quiet.url;
  process.env.BOURSE_QUIET_DATA = quiet.dataDir;
  process.env.BOURSE_LIVELY_URL = lively.url;
  process.env.BOURSE_LIVELY_DATA = lively.dataDir;
  process.env.BOURSE_ADMIN_URL = back.url;
  process.env.BOURSE_ADMIN_DATA = back.dataDir;
  process.env.BOURSE_OPERATORS = operators.join(',');
  process.env.BOURSE_SERVER_DLL = serverDll;
  return async () => {
    await Promise.all([quiet.stop(), lively.stop(), back.stop()]);
  };
}
