/** The id of this folder's placeholder method. Written here and nowhere else. */
export const LINEAR_SHOCK_ID = 'linear-shock';
