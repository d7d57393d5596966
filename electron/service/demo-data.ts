/** Seeds a fresh database with the bundled demo book and market snapshot (first start only). */
import demoMarket from './demo/demo-market.json';
import demoPortfolio from './demo/demo-portfolio.json';
import type { ServiceStore } from './ports';
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';

/** Stable id of the demo portfolio, so tests and docs can refer to it. */
export const DEMO_PORTFOLIO_ID = 'demo-book';

/** The demo portfolio as a DTO with stable row ids (`p1`, `p2`, …). */
export function demoPortfolioDto(): PortfolioDto {
  return {
    id: DEMO_PORTFOLIO_ID,
    name: demoPortfolio.name,
    balances: demoPortfolio.balances.map((b) => ({ ...b })),
    positions: demoPortfolio.positions.map((p, i) => ({ id: `p${i + 1}`, ...p })),
  };
}

/** If the store holds no portfolio and no snapshot, save the demo ones. Returns whether it seeded. */
export function seedDemoData(store: ServiceStore): boolean {
  let seeded = false;
  if (store.marketSnapshots.list().length === 0) {
    store.marketSnapshots.save('Demo market 2026-11-24', demoMarket, 'bundled demo snapshot');
    seeded = true;
  }
  if (store.portfolios.list().length === 0) {
    store.portfolios.save(demoPortfolioDto(), 'bundled demo portfolio');
    seeded = true;
  }
  return seeded;
}
