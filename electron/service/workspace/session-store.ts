/** What working sessions need from the store (implemented by `electron/db`'s Store). */
import type { WorkingEditRepository } from '../../db/working-edit-repository';
import type { PortfolioPort } from '../ports';

export interface SessionStore {
  portfolios: PortfolioPort;
  marketSnapshots: {
    list(): { id: string; name: string; revision: number }[];
    get(id: string, revision?: number): { id: string; name: string; revision: number; json: unknown } | undefined;
  };
  parameterSets: {
    get(id: string, revision?: number): { id: string; name: string; revision: number; json: unknown } | undefined;
  };
  workingEdits: WorkingEditRepository;
  /** One IMMEDIATE transaction (a revision cut writes the revision and stamps the journal together). */
  transaction<T>(fn: () => T): T;
}
