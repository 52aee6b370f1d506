/** Integer paise helpers: sum money in paise, show it in rupees. */
export const toPaise = (rupees: number): number => Math.round(rupees * 100);
export const toRupees = (paise: number): number => paise / 100;
export const roundRupees = (rupees: number): number => Math.round(rupees * 100) / 100;
export const sumRupees = (values: readonly number[]): number => toRupees(values.reduce((s, v) => s + toPaise(v), 0));

const inr = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** ₹1,23,456.78 (Indian grouping). */
export const formatInr = (rupees: number): string => `₹${inr.format(rupees)}`;
/** A weight as a percentage: 0.4123 → 41.23%. */
export const formatPct = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;
