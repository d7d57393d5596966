/** The deterministic portfolio the crash child saves as revision `r` (so the parent can verify it). */
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';

/** Portfolio id used by the crash test. */
export const CRASH_PORTFOLIO_ID = 'crash-book';

/** Content of revision `r`: 1–1,500 positions whose sizes encode `r` and the row index. */
export function crashBook(r: number): PortfolioDto {
  const n = 1 + ((r * 7919) % 1500);
  const positions = new Array(n);
  for (let i = 0; i < n; i++) positions[i] = { id: `p${i}`, instrument: `BTC-${i % 97}-PERP`, size: `${r}.${String(i).padStart(4, '0')}1` };
  return { id: CRASH_PORTFOLIO_ID, name: `crash r${r}`, balances: [{ currency: 'BTC', amount: `${r}.5` }], positions };
}
