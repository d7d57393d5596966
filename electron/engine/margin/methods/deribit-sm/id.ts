/** The id of this folder's method. Written here and nowhere else. */
export const DERIBIT_SM_ID = 'deribit-sm';
