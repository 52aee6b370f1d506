import { DateTime } from 'luxon';

/**
 * Capital-gains tax on listed equity shares sold on a recognised exchange with STT paid (sections 111A and 112A of
 * the Income-tax Act, 1961), as data: a later budget is one more entry here. Each entry applies to sales on or after
 * `from` (until the next entry); the long-term exemption is per financial year and is read from the entry in force on
 * the year's last day (the Finance (No. 2) Act, 2024 raised it to ₹1.25 lakh for the whole of FY 2024-25).
 */
export interface TaxRules {
  /** First sale date (yyyy-MM-dd, IST) the entry applies to. */
  from: string;
  /** Short-term gains (held 12 months or less), section 111A. */
  stcgRate: number;
  /** Long-term gains above the yearly exemption, section 112A. */
  ltcgRate: number;
  /** ₹ of long-term gains per financial year that are not taxed. */
  ltcgExemption: number;
  /** Health and Education Cess on the tax. */
  cess: number;
  /** Held more than this many months: long-term. */
  longTermAfterMonths: number;
  sources: string[];
}

export const TAX_RULES: readonly TaxRules[] = [
  {
    from: '2018-04-01',
    stcgRate: 0.15,
    ltcgRate: 0.1,
    ltcgExemption: 100_000,
    cess: 0.04,
    longTermAfterMonths: 12,
    sources: [
      'Finance Act, 2018: section 112A (10% above ₹1 lakh, grandfathering to 31 Jan 2018) and the 4% Health and Education Cess',
      'Income-tax Act, 1961, section 111A (15% on short-term gains with STT paid) and section 2(42A) (listed shares: more than 12 months is long-term)',
    ],
  },
  {
    from: '2024-07-23',
    stcgRate: 0.2,
    ltcgRate: 0.125,
    ltcgExemption: 125_000,
    cess: 0.04,
    longTermAfterMonths: 12,
    sources: [
      'Finance (No. 2) Act, 2024, sections 111A and 112A as amended: 20% short-term, 12.5% long-term above ₹1.25 lakh a year, for transfers on or after 23 July 2024',
      'Income Tax Department, "Tax on capital gains" (incometaxindia.gov.in), and the Budget 2024-25 speech, paragraph 153',
    ],
  },
];

/** The rules for a sale on `date` (yyyy-MM-dd). */
export function taxRulesOn(date: string, rules: readonly TaxRules[] = TAX_RULES): TaxRules {
  let found = rules[0]!;
  for (const r of rules) if (r.from <= date) found = r;
  return found;
}

/** The Indian financial year (1 April – 31 March) a date falls in. */
export interface FinancialYear {
  /** e.g. "2026-27". */
  label: string;
  start: string;
  end: string;
}

export function financialYearOf(date: string): FinancialYear {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const first = m >= 4 ? y : y - 1;
  return { label: `${first}-${String((first + 1) % 100).padStart(2, '0')}`, start: `${first}-04-01`, end: `${first + 1}-03-31` };
}

/** The rules of a sale, with the exemption of its financial year. */
export function rulesForSale(date: string, rules: readonly TaxRules[] = TAX_RULES): TaxRules {
  return { ...taxRulesOn(date, rules), ltcgExemption: taxRulesOn(financialYearOf(date).end, rules).ltcgExemption };
}

/** Long-term when sold more than `months` months after it was bought; a lot of unknown date counts short-term. */
export function isLongTerm(bought: string | null, sold: string, months: number): boolean {
  if (bought === null) return false;
  const cutoff = DateTime.fromISO(bought, { zone: 'utc' }).plus({ months }).toISODate();
  return cutoff !== null && sold > cutoff;
}
