/** The id of this folder's method. Written here and nowhere else. */
export const OKX_PM_ID = 'okx-pm';
