/**
 * The application menu, built from the one command table (`shared/commands/command-table.ts`):
 * File, Edit, View, Portfolio, Margin, Window, Help, with macOS conventions on macOS (an app menu
 * with About, Services, Hide, Quit; no Quit in File, no About in Help; Window's Zoom and Bring All
 * to Front). Renderer commands go out on the one `shell:command` event; main commands run here.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { COMMANDS, isOnPlatform, MENU_LABELS, MENUS, type CommandSpec, type Platform, type RendererCommandId } from '../../../shared/commands/command-table';

/** Main-side command ids (kind `main`). */
export type MainCommandId = Extract<(typeof COMMANDS)[number], { kind: 'main' }>['id'];

/** What a menu click does: forward to the focused renderer, or run in main. */
export interface MenuActions {
  toRenderer(id: RendererCommandId): void;
  inMain(id: MainCommandId): void;
}

function item(c: CommandSpec, actions: MenuActions): MenuItemConstructorOptions {
  const base: MenuItemConstructorOptions = { id: c.id, label: c.label };
  if (c.accelerator) {
    base.accelerator = c.accelerator;
    if (c.pageKey) base.registerAccelerator = false;
  }
  if (c.kind === 'role') return { ...base, role: c.role };
  if (c.kind === 'main') return { ...base, click: () => actions.inMain(c.id as MainCommandId) };
  return { ...base, click: () => actions.toRenderer(c.id as RendererCommandId) };
}

/** Items of one menu, separators between groups. */
function submenu(commands: readonly CommandSpec[], actions: MenuActions): MenuItemConstructorOptions[] {
  const out: MenuItemConstructorOptions[] = [];
  let group: number | undefined;
  for (const c of [...commands].sort((a, b) => a.group - b.group)) {
    if (group !== undefined && c.group !== group) out.push({ type: 'separator' });
    group = c.group;
    out.push(item(c, actions));
  }
  return out;
}

/** The menu template for `platform` (pure: tested without a window). */
export function buildMenuTemplate(platform: Platform, appName: string, actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const shown = (COMMANDS as readonly CommandSpec[]).filter((c) => isOnPlatform(c, platform));
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    const about = shown.find((c) => c.id === 'help.about');
    const quit = shown.find((c) => c.id === 'file.quit');
    template.push({
      label: appName,
      submenu: [
        ...(about ? [item({ ...about, label: `About ${appName}` }, actions)] : []),
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        ...(quit ? [item({ ...quit, label: `Quit ${appName}` }, actions)] : []),
      ],
    });
  }
  for (const menu of MENUS) {
    const here = shown.filter((c) => c.menu === menu && !(isMac && c.macAppMenu));
    if (here.length === 0) continue;
    const top: MenuItemConstructorOptions = { label: isMac ? MENU_LABELS[menu].replace('&', '') : MENU_LABELS[menu], submenu: submenu(here, actions) };
    // macOS puts the search field in the menu with the help role.
    if (isMac && menu === 'help') top.role = 'help';
    template.push(top);
  }
  return template;
}

/** Install the application menu. */
export function enableMenu(platform: Platform, appName: string, actions: MenuActions): Menu {
  const menu = Menu.buildFromTemplate(buildMenuTemplate(platform, appName, actions));
  Menu.setApplicationMenu(menu);
  return menu;
}
