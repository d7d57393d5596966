/** The id of this folder's method. Written here and nowhere else. */
export const HVAR_ID = 'hvar';
