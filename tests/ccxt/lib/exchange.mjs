// CCXT's binance class pointed at a Bourse server exactly as the Binance-compat spec's section 5 says.
import ccxt from 'ccxt';

/** The spec's configuration for `base` (http://127.0.0.1:PORT) and `ws` (ws://127.0.0.1:PORT). */
export function spotConfig(server, credential) {
  const { base, ws } = server;
  return {
    ...(credential ? { apiKey: credential.apiKey, secret: credential.secretKey } : {}),
    urls: { api: {
      public: base + '/api/v3', private: base + '/api/v3', v1: base + '/api/v1',
      sapi: base + '/sapi/v1', sapiV2: base + '/sapi/v2', sapiV3: base + '/sapi/v3', sapiV4: base + '/sapi/v4',
      ws: { spot: ws + '/ws', 'ws-api': { spot: ws + '/ws-api/v3' } },
    } },
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchCurrencies: false,
      fetchMargins: false, adjustForTimeDifference: false, recvWindow: 10000 },
  };
}

/** A REST client; `credential` is { apiKey, secretKey } from demo-credentials.json, or absent for public calls. */
export function restClient(server, credential) {
  return new ccxt.binance(spotConfig(server, credential));
}

/** A ccxt.pro client; plain ws:// needs the HTTP proxy agent loaded first (spec section 5). */
export async function proClient(server, credential) {
  const ex = new ccxt.pro.binance(spotConfig(server, credential));
  await ex.loadHttpProxyAgent();
  return ex;
}
