/** The app's version, from package.json (bundled at build time), for hosts that have no Electron `app`. */
import pkg from '../../package.json';

export const APP_VERSION: string = pkg.version;
