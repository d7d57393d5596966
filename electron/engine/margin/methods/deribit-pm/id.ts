/** The ids of this folder's methods: segregated (S:PM) and cross (X:PM-style, USD). Written here and nowhere else. */
export const DERIBIT_PM_ID = 'deribit-pm';
export const DERIBIT_PM_CROSS_ID = 'deribit-pm-cross';
