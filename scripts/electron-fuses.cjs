/**
 * Electron fuses for the packaged pmdesk app (issue 11 §5), flipped in the packed Electron binary
 * with `@electron/fuses` (https://www.electronjs.org/docs/latest/tutorial/fuses).
 *
 * FOR THE PACKAGING CONFIG (issue 14): wire this file as electron-builder's afterPack hook —
 *   "afterPack": "./scripts/electron-fuses.cjs"
 * electron-builder calls the exported function with its AfterPackContext once per target, after
 * the app is copied and before signing. Listed in docs/architecture.md "Electron security checklist".
 *
 * Fuses set:
 *   RunAsNode off                              ELECTRON_RUN_AS_NODE cannot turn the app into plain Node
 *   EnableNodeOptionsEnvironmentVariable off   NODE_OPTIONS is ignored
 *   EnableNodeCliInspectArguments off          --inspect / --inspect-brk are ignored
 *   EnableEmbeddedAsarIntegrityValidation on   app.asar is checked against the hash in the binary
 *   OnlyLoadAppFromAsar on                     the app is loaded from app.asar only (no app/ folder)
 *   EnableCookieEncryption on                  cookies on disk are encrypted with the OS keystore
 *   LoadBrowserProcessSpecificV8Snapshot off   default snapshot only
 *   GrantFileProtocolExtraPrivileges off       file:// pages get no extra privileges beyond a normal origin
 * Hand-written wrapper (a dozen lines) around the library's own flipFuses; the library is the
 * Electron team's, nothing of the binary format is reimplemented here.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: electron-builder require()s afterPack hooks */
'use strict';
const path = require('node:path');

/** The fuse wire pmdesk ships with (FuseV1Options key → value). */
function pmdeskFuseConfig(FuseVersion, FuseV1Options) {
  return {
    version: FuseVersion.V1,
    // macOS arm64 binaries must be re-signed after the flip (ad-hoc here; real signing re-signs anyway).
    resetAdHocDarwinSignature: true,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** Path of the packed Electron executable for an electron-builder AfterPackContext. */
function electronBinaryPath(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`, 'Contents', 'MacOS', name);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      // Linux: electron-builder names the binary after executableName (default: the package name).
      return path.join(context.appOutDir, context.packager.executableName ?? name);
  }
}

/** electron-builder afterPack hook: flip the fuses in the packed binary. `fuses` is injectable for tests. */
async function afterPack(context, fuses = require('@electron/fuses')) {
  const binary = electronBinaryPath(context);
  await fuses.flipFuses(binary, pmdeskFuseConfig(fuses.FuseVersion, fuses.FuseV1Options));
  return binary;
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.afterPack = afterPack;
module.exports.pmdeskFuseConfig = pmdeskFuseConfig;
module.exports.electronBinaryPath = electronBinaryPath;
