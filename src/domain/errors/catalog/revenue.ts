import { defineErrors } from '../spec.ts';

/** Revenue terms, their versions and recognition schedules. `path` names the JSON field at fault. */
export const revenueErrors = defineErrors({
  'TAI-REVENUE-TERMS-INVALID': {
    status: 422,
    message: 'These revenue terms are not valid.',
    internal:
      'A field is missing, of the wrong type, or not one of its allowed values (obligation kind, method, meter, billing kind, id pattern).',
    retryable: false,
  },
  'TAI-REVENUE-CURRENCY-UNKNOWN': {
    status: 422,
    message: 'Unknown currency: use an active ISO 4217 code in capitals, such as "USD".',
    internal: 'Not in the ISO 4217 table in src/domain/pricing/currencies.ts.',
    retryable: false,
  },
  'TAI-REVENUE-DATE-INVALID': {
    status: 422,
    message: 'This date must be a real calendar day written YYYY-MM-DD.',
    internal: 'serviceStart, serviceEnd, effectiveFrom or a schedule bound did not name a real UTC day.',
    retryable: false,
  },
  'TAI-REVENUE-PERIOD-EMPTY': {
    status: 422,
    message: 'The service period must end after it starts (the end day is not included).',
    internal: 'end <= start: the half-open period [start, end) has no day.',
    retryable: false,
  },
  'TAI-REVENUE-AMOUNT-INVALID': {
    status: 422,
    message: 'This amount must be a non-negative decimal string within the currency minor unit.',
    internal:
      'Not ^\\d+(\\.\\d+)?$, more than 15 integer digits, or more decimals than the currency minor unit (12 for unit prices and units).',
    retryable: false,
  },
  'TAI-REVENUE-MONTHLY-PARTIAL': {
    status: 422,
    message: 'The monthly method needs a period of whole service months from its start day.',
    internal:
      'Method `monthly` over [start, end) where end is not start plus a whole number of months (same day of month, or the month end when shorter). Use daily or monthly_prorated, or change the dates.',
    retryable: false,
  },
  'TAI-REVENUE-OBLIGATION-DUPLICATE': {
    status: 422,
    message: 'Each performance obligation id may appear only once.',
    internal: 'Two entries of `obligations` share an id; `path` names the later one.',
    retryable: false,
  },
  'TAI-REVENUE-NO-OBLIGATIONS': {
    status: 422,
    message: 'Revenue terms need at least one performance obligation.',
    internal: '`obligations` is empty.',
    retryable: false,
  },
  'TAI-REVENUE-SSP-ZERO': {
    status: 422,
    message: 'The standalone selling prices of the priced obligations must not all be zero.',
    internal:
      'Relative standalone selling price allocation divides by their sum; a fixed fee with no SSP cannot be allocated.',
    retryable: false,
  },
  'TAI-REVENUE-BILLING-DAY-RANGE': {
    status: 422,
    message: 'The billing day must be a day of the month from 1 to 28.',
    internal: 'Days 29 to 31 do not occur in every month; monthly billing would skip months.',
    retryable: false,
  },
  'TAI-REVENUE-VERSION-ORDER': {
    status: 422,
    message: 'A revenue terms version must take effect inside the service period, no earlier than the one before it.',
    internal:
      'Versions are numbered 1, 2, ... in order; version 1 takes effect on serviceStart; each later effectiveFrom is on or after the previous one and before the previous serviceEnd.',
    retryable: false,
  },
  'TAI-REVENUE-VERSION-MISMATCH': {
    status: 422,
    message: 'A new version of the revenue terms must keep the contract reference, currency and service start.',
    internal:
      'contractReference, currency or serviceStart differs from version 1: that is another contract, not a modification.',
    retryable: false,
  },
  'TAI-REVENUE-MODIFICATION-INVALID': {
    status: 422,
    message: 'This contract modification is not valid.',
    internal:
      'Version 1 names a modification, a later version names none, an extension does not move serviceEnd later, or a version follows a cancellation.',
    retryable: false,
  },
  'TAI-REVENUE-BELOW-RECOGNIZED': {
    status: 422,
    message: 'The new contract price is below the revenue already recognized.',
    internal:
      'Prospective accounting spreads (new fixed price - recognized so far) over the remaining period; a negative remainder would reverse recognized revenue.',
    retryable: false,
  },
  'TAI-REVENUE-DAY-OPEN': {
    status: 422,
    message: 'Only a day that has ended (UTC) can be closed.',
    internal: 'The daily close of a day on or after today would book usage and month ends that are still happening.',
    retryable: false,
  },
  'TAI-REVENUE-MONTH-INVALID': {
    status: 422,
    message: "A month must be written YYYY-MM, and a report's `from` must not be after its `to`.",
    internal:
      'from/to of the revenue report or the closed period did not name a month, or from > to, or the range spans more than 120 months.',
    retryable: false,
  },
  'TAI-REVENUE-PERIOD-BACKWARDS': {
    status: 409,
    message: 'The closed period only moves forward: this month is before the one already closed.',
    internal:
      'PUT /v1/admin/revenue/closed-through named a month before the closed period in force (revenue_closed_periods is append-only).',
    retryable: false,
  },
  'TAI-REVENUE-PERIOD-NOT-ENDED': {
    status: 422,
    message: 'Only a month that has ended (UTC) can be closed.',
    internal: 'The month named is the current month or a later one: its days are still happening.',
    retryable: false,
  },
  'TAI-REVENUE-PERIOD-DAYS-OPEN': {
    status: 409,
    message: 'This month cannot be closed yet: the daily close has not covered all its days.',
    internal:
      "No daily close of the month's last day or a later day has completed for every customer (revenue_day_closes). Close the missing day first (POST /v1/admin/revenue/close) and fix any customer it names as failed.",
    retryable: true,
  },
  'TAI-REVENUE-NO-TERMS': {
    status: 404,
    message: 'This customer has no revenue terms recorded.',
    internal: 'contract_revenue_terms holds no version for the customer: record terms first.',
    retryable: false,
  },
});
