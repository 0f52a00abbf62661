import { call, type Schemas } from './operations';

/** Convert one asset to another at a live quote (docs/api.md, "Convert"). */
export type ConvertQuote = Schemas['ConvertQuoteResponse'];
export type ConvertResult = Schemas['ConvertResult'];
export type ConvertPage = Schemas['ConvertPage'];

/** A quote for spending exactly `fromAmount`, or for receiving at least `toAmount`. */
export type QuoteRequest = { from: string; to: string; fromAmount: string } | { from: string; to: string; toAmount: string };

export function requestQuote(request: QuoteRequest): Promise<ConvertQuote> {
  return call('post', '/api/v1/convert/quotes', { body: request });
}

/**
 * Executes a quote. The answer is undefined when the server sent none it could read; the caller treats that (like a
 * network failure or 5xx) as uncertain and looks the convert up by its reference.
 */
export function acceptQuote(quoteId: string): Promise<ConvertResult | undefined> {
  return call('post', '/api/v1/convert/quotes/{quoteId}/accept', { path: { quoteId } });
}

/** The convert a quote became, by its reference (the quote id); ApiError 404 while there is none. */
export function getConvert(reference: string): Promise<ConvertResult> {
  return call('get', '/api/v1/convert/{reference}', { path: { reference } });
}

export function getConvertHistory(query: { limit: number; cursor?: string }): Promise<ConvertPage> {
  return call('get', '/api/v1/convert/history', { query });
}
