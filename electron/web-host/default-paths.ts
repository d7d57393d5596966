/** Where pmdesk keeps its database outside Electron: the same folder Electron's `userData` uses. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The per-user data folder of pmdesk (Linux: ~/.config/pmdesk; macOS: ~/Library/Application Support/pmdesk; Windows: %APPDATA%/pmdesk). */
export function userDataDir(env: Record<string, string | undefined> = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'pmdesk');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'pmdesk');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'pmdesk');
}

/** The database file: `PMDESK_DB` when set, else `<userData>/pmdesk.db`. */
export function defaultDatabasePath(env: Record<string, string | undefined> = process.env): string {
  return env['PMDESK_DB'] ?? join(userDataDir(env), 'pmdesk.db');
}
