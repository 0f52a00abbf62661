// The web app's wire types come from the server's OpenAPI document (docs/web.md, "Wire types").
//
//   node scripts/openapi.mjs           build the server, fetch /openapi/bourse.json, write src/api/openapi.json and
//                                      src/api/schema.d.ts (npm run api:generate)
//   node scripts/openapi.mjs --no-build   the same from the server already built by `dotnet build`
//   node scripts/openapi.mjs --check      regenerate into a temp directory from the built server and fail when the
//                                      checked-in files differ (npm run api:check; ./test.sh)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(web, '..');
const project = path.join(repo, 'src/Bourse.Server');
const serverDll = path.join(project, 'bin/Debug/net10.0/bourse.dll');
const documentPath = '/openapi/bourse.json';
const jsonFile = path.join(web, 'src/api/openapi.json');
const typesFile = path.join(web, 'src/api/schema.d.ts');

const check = process.argv.includes('--check');
const build = !check && !process.argv.includes('--no-build');

class Failure extends Error {}

function fail(message) {
  throw new Failure(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built server in demo mode (so the demo-only endpoints the UI calls, like the faucet, are in the document)
 * on a free loopback port with an empty data directory; returns its URL and a stop function.
 */
async function startServer() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bourse-openapi-'));
  const child = spawn('dotnet', [serverDll, '--demo', '--data-dir', dataDir, '--urls', url, '--management-urls', 'http://127.0.0.1:0'], {
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      fail(`the server exited (${child.exitCode}) before it was ready:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/health/ready`)).ok) {
        return { url, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  fail(`the server at ${url} was not ready within 60 s:\n${output}`);
}

function sortedKeys(object) {
  return object && typeof object === 'object' ? Object.fromEntries(Object.keys(object).sort().map((key) => [key, object[key]])) : object;
}

/**
 * The document as checked in: without `servers` (they name the port this run happened to get), paths and components
 * in name order, pretty-printed so a server change reads as a small diff.
 */
function normalize(document) {
  const { servers: _servers, ...rest } = document;
  rest.paths = sortedKeys(rest.paths);
  if (rest.components) {
    rest.components = Object.fromEntries(Object.entries(rest.components).map(([kind, entries]) => [kind, sortedKeys(entries)]));
  }
  return `${JSON.stringify(rest, null, 2)}\n`;
}

const numberType = ts.factory.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword);
const nullType = ts.factory.createLiteralTypeNode(ts.factory.createNull());

/**
 * ASP.NET Core describes every integer as `["integer", "string"]` with a digits pattern because its JSON reader also
 * accepts quoted numbers; the server always writes numbers, so the types say `number` (ids, times, counts).
 */
function integerAsNumber(schema) {
  const types = Array.isArray(schema.type) ? schema.type : [];
  if (!types.includes('integer') || !types.includes('string') || types.some((t) => !['integer', 'string', 'null'].includes(t))) {
    return undefined;
  }
  return types.includes('null') ? ts.factory.createUnionTypeNode([numberType, nullType]) : numberType;
}

async function typesOf(json) {
  const ast = await openapiTS(JSON.parse(json), { alphabetize: true, transform: integerAsNumber });
  const header = '// Generated by web/scripts/openapi.mjs from src/api/openapi.json (npm run api:generate): do not edit.\n\n';
  return header + astToString(ast);
}

async function main() {
  if (build) {
    console.log('api: building the server (dotnet build src/Bourse.Server -p:BuildWebUi=false)');
    const built = spawnSync('dotnet', ['build', project, '-nologo', '-v', 'quiet', '-p:BuildWebUi=false'], { stdio: 'inherit' });
    if (built.status !== 0) {
      fail('the server did not build');
    }
  }
  if (!existsSync(serverDll)) {
    fail(`no built server at ${path.relative(repo, serverDll)}: run \`dotnet build src/Bourse.Server\` first`);
  }

  const server = await startServer();
  let json;
  try {
    const response = await fetch(server.url + documentPath);
    if (!response.ok) {
      fail(`GET ${documentPath} answered ${response.status}`);
    }
    json = normalize(await response.json());
  } finally {
    await server.stop();
  }
  const types = await typesOf(json);

  if (check) {
    const fresh = mkdtempSync(path.join(tmpdir(), 'bourse-openapi-check-'));
    writeFileSync(path.join(fresh, 'openapi.json'), json);
    writeFileSync(path.join(fresh, 'schema.d.ts'), types);
    const stale = [
      [jsonFile, json],
      [typesFile, types],
    ].filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text);
    if (stale.length > 0) {
      const names = stale.map(([file]) => path.relative(repo, file)).join(' and ');
      fail(
        `${names} ${stale.length > 1 ? 'do' : 'does'} not match the server's OpenAPI document (fresh copies: ${fresh}).\n` +
          `The server's API changed: run \`cd web && npm run api:generate\`, fix what tsc reports and commit both files.`,
      );
    }
    rmSync(fresh, { recursive: true, force: true });
    console.log('api: src/api/openapi.json and src/api/schema.d.ts match the server');
  } else {
    writeFileSync(jsonFile, json);
    writeFileSync(typesFile, types);
    console.log(`api: wrote ${path.relative(web, jsonFile)} and ${path.relative(web, typesFile)}`);
  }
}

try {
  await main();
} catch (error) {
  console.error(`api: ${error instanceof Failure ? error.message : error.stack}`);
  process.exitCode = 1;
}
