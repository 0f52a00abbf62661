// From an empty data directory to the first trade, without --demo, as docs/operations.md "Start a production exchange"
// tells an operator: `bourse admin create` prints a setup link, the admin sets a password and 2FA and invites a listing
// operator and two treasury operators, BTC/USDT is listed from deploy/listing.yaml with `bourse listing apply`, two
// users sign up (their verification mail read from a loopback SMTP server), treasury credits them under four eyes, and
// they trade through CCXT. Every step goes over real sockets to a real server process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ccxt from 'ccxt';
import { serverDll, startServer } from './lib/server.mjs';
import { restClient } from './lib/exchange.mjs';
import { startSmtpSink } from './lib/smtp-sink.mjs';
import { authenticator } from './lib/totp.mjs';

const { Precise } = ccxt;
const run = promisify(execFile);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const password = 'correct horse battery staple';

let server;
let smtp;

before(async () => {
  smtp = await startSmtpSink();
  server = await startServer({
    demo: false,
    args: ['--Bourse:Email:Smtp:Host', '127.0.0.1', '--Bourse:Email:Smtp:Port', String(smtp.port), '--Bourse:Email:Smtp:Security', 'None',
      '--Bourse:Email:PollInterval', '00:00:00.200', '--Bourse:Limits:AuthPerMinutePerIp', '100000'],
  });
  server.publicUrl = server.base;
});

after(async () => {
  await server?.stop();
  await smtp?.stop();
});

async function call(method, path, { token, body, expect = [200, 201, 204] } = {}) {
  const response = await fetch(server.base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(expect.includes(response.status), `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Follows a setup link: the password, then sign-in and 2FA enrollment; then, unless `signIn` is false (an operator who
 * only uses the command line, which signs in itself), a sign-in with the second factor.
 */
async function setUpOperator(email, setupLink, signIn = true) {
  const token = new URL(setupLink).searchParams.get('token');
  assert.ok(token, `a token in ${setupLink}`);
  await call('POST', '/api/v1/auth/operator-setup', { body: { token, password } });
  const first = await call('POST', '/api/v1/auth/login', { body: { email, password } });
  const enrollment = await call('POST', '/api/v1/account/2fa/enroll', { token: first.accessToken });
  const code = authenticator(enrollment.secret);
  await call('POST', '/api/v1/account/2fa/confirm', { token: first.accessToken, body: { code: code(), password } });
  if (!signIn) {
    return { email, code };
  }
  const signedIn = await call('POST', '/api/v1/auth/login', { body: { email, password, code: code() } });
  return { email, token: signedIn.accessToken, code };
}

async function inviteOperator(admin, email, roles, signIn = true) {
  const invited = await call('POST', '/api/v1/admin/operators', { token: admin.token, body: { email, roles } });
  assert.deepEqual(invited.roles, roles);
  return setUpOperator(email, invited.setupLink, signIn);
}

/** Signs a user up, follows the verification link from the mail, signs in and makes a trading API key. */
async function newTrader(email) {
  await call('POST', '/api/v1/auth/signup', { body: { email, password }, expect: [202] });
  let mail;
  for (const deadline = Date.now() + 20_000; !(mail = smtp.to(email).find((m) => /token=/.test(m))); ) {
    assert.ok(Date.now() < deadline, `a verification mail to ${email}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const verification = /token=([A-Za-z0-9_-]{43})/.exec(mail)[1];
  await call('POST', '/api/v1/auth/verify-email', { body: { token: verification } });
  const signedIn = await call('POST', '/api/v1/auth/login', { body: { email, password } });
  const key = await call('POST', '/api/v1/api-keys', { token: signedIn.accessToken, body: { label: 'ccxt', permissions: ['read', 'trade'] } });
  return { email, userId: signedIn.userId, token: signedIn.accessToken, credential: { apiKey: key.apiKey, secretKey: key.secretKey } };
}

async function creditUnderFourEyes(proposer, approver, userId, asset, amount, reference) {
  const proposal = await call('POST', '/api/v1/admin/adjustments', {
    token: proposer.token, body: { userId, asset, amount, reason: 'opening balance for the first trade', reference },
  });
  assert.equal(proposal.status, 'pending');
  // Nobody approves their own proposal.
  await call('POST', `/api/v1/admin/adjustments/${proposal.id}/approve`, { token: proposer.token, expect: [403, 409] });
  const approved = await call('POST', `/api/v1/admin/adjustments/${proposal.id}/approve`, { token: approver.token });
  assert.equal(approved.status, 'executed', JSON.stringify(approved));
}

test('a clean data directory without --demo: admin create, listing file, four-eyes credits, a CCXT trade', async () => {
  // The exchange starts empty: nothing is listed.
  const empty = await call('GET', '/api/v3/exchangeInfo');
  assert.deepEqual(empty.symbols, []);

  // The first admin, on the server's machine.
  const adminEmail = 'admin@example.com';
  const created = await run('dotnet', [serverDll, 'admin', 'create', '--email', adminEmail, '--data-dir', server.dataDir,
    `--Bourse:PublicUrl=${server.publicUrl}`]);
  const setupLink = /https?:\/\/\S+\/admin\/setup\?token=\S+/.exec(created.stdout)?.[0];
  assert.ok(setupLink, `a setup link in:\n${created.stdout}`);
  const admin = await setUpOperator(adminEmail, setupLink);
  const me = await call('GET', '/api/v1/admin/me', { token: admin.token });
  assert.deepEqual(me.roles, ['admin']);

  // Two listing operators who use only the command line: each apply signs in with a fresh code, and an authenticator
  // has one new code per 30 s (the server refuses a used one and accepts one step ahead), so the second apply is the
  // other operator's.
  const listers = [await inviteOperator(admin, 'listing@example.com', ['listing'], false),
    await inviteOperator(admin, 'listing.two@example.com', ['listing'], false)];
  const treasuryA = await inviteOperator(admin, 'treasury.a@example.com', ['treasury']);
  const treasuryB = await inviteOperator(admin, 'treasury.b@example.com', ['treasury']);

  // List from the file under version control, from the command line, twice: the second apply changes nothing.
  const listing = join(repo, 'deploy', 'listing.json');
  const apply = async (lister) => run('dotnet', [serverDll, 'listing', 'apply', listing, '--server', server.base, '--email', lister.email, '--otp', lister.code()],
    { env: { ...process.env, BOURSE_PASSWORD: password } });
  const firstApply = await apply(listers[0]);
  assert.match(firstApply.stdout, /^\+ market BTCUSDT/m, firstApply.stdout);
  // Three assets and two markets; the file's default fee tier is already the engine's.
  assert.match(firstApply.stdout, /applied 5 change\(s\)/, firstApply.stdout);
  const secondApply = await apply(listers[1]);
  assert.match(secondApply.stdout, /^no changes$/m, secondApply.stdout);
  assert.match(secondApply.stdout, /^6 entries already as written$/m, secondApply.stdout);
  const listed = await call('GET', '/api/v3/exchangeInfo');
  assert.ok(listed.symbols.some((s) => s.symbol === 'BTCUSDT' && s.status === 'TRADING'), JSON.stringify(listed.symbols.map((s) => s.symbol)));

  const buyer = await newTrader('buyer@example.com');
  const seller = await newTrader('seller@example.com');
  await creditUnderFourEyes(treasuryA, treasuryB, buyer.userId, 'USDT', '1000', 'opening-usdt-buyer');
  await creditUnderFourEyes(treasuryB, treasuryA, seller.userId, 'BTC', '0.05', 'opening-btc-seller');

  const buyerCcxt = restClient(server, buyer.credential);
  const sellerCcxt = restClient(server, seller.credential);
  await Promise.all([buyerCcxt.loadMarkets(), sellerCcxt.loadMarkets()]);
  const sell = await sellerCcxt.createOrder('BTC/USDT', 'limit', 'sell', 0.01, 60_000);
  assert.equal(sell.status, 'open');
  const buy = await buyerCcxt.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 60_000);
  assert.equal(buy.status, 'closed');
  assert.ok(Precise.stringEq(String(buy.filled), '0.01'));

  const buyerBalance = await buyerCcxt.fetchBalance();
  const sellerBalance = await sellerCcxt.fetchBalance();
  // 600 USDT spent; the BTC received less the taker fee; the seller got 600 USDT less the maker fee.
  assert.ok(Precise.stringEq(String(buyerBalance.total.USDT), '400'), JSON.stringify(buyerBalance.total));
  assert.ok(Precise.stringGt(String(buyerBalance.total.BTC), '0') && Precise.stringLe(String(buyerBalance.total.BTC), '0.01'));
  assert.ok(Precise.stringEq(String(sellerBalance.total.BTC), '0.04'), JSON.stringify(sellerBalance.total));
  assert.ok(Precise.stringGt(String(sellerBalance.total.USDT), '0') && Precise.stringLe(String(sellerBalance.total.USDT), '600'));

  // Nothing was created or lost: the supply is the two credits, shown as adjustments, and every asset balances.
  const rows = await call('GET', '/api/v1/admin/reconciliation', { token: treasuryA.token });
  for (const row of rows) {
    assert.equal(row.balanced, true, JSON.stringify(row));
  }
  const usdt = rows.find((r) => r.asset === 'USDT');
  assert.ok(Precise.stringEq(usdt.supply, '1000') && Precise.stringEq(usdt.adjustments, '1000'), JSON.stringify(usdt));

  // And the audit chain that recorded all of it is intact.
  const verified = await call('GET', '/api/v1/admin/operator-audit/verify', { token: admin.token });
  assert.equal(verified.intact, true, JSON.stringify(verified));
  assert.ok(verified.entries >= 8, JSON.stringify(verified));
});
