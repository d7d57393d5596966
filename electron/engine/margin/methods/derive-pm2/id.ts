/** The id of this folder's method. Written here and nowhere else. */
export const DERIVE_PM2_ID = 'derive-pm2';
