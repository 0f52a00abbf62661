import { call, type Schemas } from './operations';

/** The account valued in its quote asset (docs/api.md, "Portfolio"). */
export type PortfolioValuation = Schemas['PortfolioValuation'];
export type PortfolioAsset = Schemas['PortfolioAsset'];
export type PortfolioHistory = Schemas['PortfolioHistory'];
export type PortfolioPnl = Schemas['PortfolioPnl'];
export type AssetPnl = Schemas['AssetPnl'];
export type PortfolioStatistics = Schemas['PortfolioStatistics'];
export type MovementFigures = Schemas['MovementFigures'];

export function getValuation(): Promise<PortfolioValuation> {
  return call('get', '/api/v1/portfolio');
}

/** The total value over time, from `from` (ms since the epoch). */
export function getValueHistory(from: number): Promise<PortfolioHistory> {
  return call('get', '/api/v1/portfolio/history', { query: { from } });
}

export function getPnl(): Promise<PortfolioPnl> {
  return call('get', '/api/v1/portfolio/pnl');
}

export function getStatistics(): Promise<PortfolioStatistics> {
  return call('get', '/api/v1/portfolio/statistics');
}
