/**
 * `pmdesk iv`: implied vols of a JSON array of priced options (product.md CLI contract). A price
 * outside the no-arbitrage bounds yields `{"error": "…"}` in its slot; malformed requests are
 * reported on stderr with exit code 2.
 */
import { CliError, type CliCommand } from '../cli-command';
import {
  ImpliedVolError, impliedVolBlack76, impliedVolBsm, impliedVolInverse, PricingError,
} from '../../engine/pricing';
import { parseRequests, readJsonInput, type CliModel, type CliRequest } from './price';

const IV_FIELDS: Record<CliModel, Record<string, boolean>> = {
  black76: { forward: true, strike: true, expiryYears: true, rate: false, price: true },
  bsm: { spot: true, strike: true, expiryYears: true, rate: false, dividendYield: false, price: true },
  inverse: { forward: true, strike: true, expiryYears: true, rate: false, price: true },
};

/** Implied vol of one validated request (price discounted; inverse price in coin). */
export function impliedVolRequest(req: CliRequest): number {
  const f = req.fields;
  const rate = f.rate ?? 0;
  switch (req.model) {
    case 'black76':
      return impliedVolBlack76({ type: req.type, forward: f.forward, strike: f.strike, expiryYears: f.expiryYears, rate, price: f.price });
    case 'inverse':
      return impliedVolInverse({ type: req.type, forward: f.forward, strike: f.strike, expiryYears: f.expiryYears, rate, price: f.price });
    case 'bsm':
      return impliedVolBsm({ type: req.type, spot: f.spot, strike: f.strike, expiryYears: f.expiryYears, rate, dividendYield: f.dividendYield ?? 0, price: f.price });
  }
}

/** `iv` command. */
export const ivCommand: CliCommand = {
  name: 'iv',
  summary: 'implied vols of priced options (JSON array on stdin or a file)',
  usage: `usage: npm run -s pmdesk -- iv [FILE]

Reads a JSON array of requests from FILE or standard input and prints a JSON array, in the same
order, of {"vol": number} or {"error": "…"} when the price is outside the no-arbitrage bounds.

request: {"model": "black76"|"bsm"|"inverse", "type": "call"|"put", "strike", "expiryYears", "price",
          "forward" (black76, inverse) | "spot" (bsm), "rate" (default 0), "dividendYield" (bsm, default 0)}
  price is the discounted premium in the quote currency (inverse: in coin). vol is annualised,
  decimal (0.41 = 41 %). Malformed requests go to standard error naming the request (exit code 2).
`,
  async run(args, io) {
    const requests = parseRequests(await readJsonInput(args, io), IV_FIELDS);
    const results = requests.map((req, i): { vol: number } | { error: string } => {
      try {
        return { vol: impliedVolRequest(req) };
      } catch (e) {
        if (e instanceof ImpliedVolError) return { error: e.message };
        if (e instanceof PricingError) throw new CliError(`request [${i}]: ${e.message}`);
        throw e;
      }
    });
    io.stdout(`${JSON.stringify(results)}\n`);
    return 0;
  },
};
