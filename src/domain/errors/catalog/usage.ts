import { defineErrors } from '../spec.ts';

/** Usage and fulfillment reports. */
export const usageErrors = defineErrors({
  'TAI-USAGE-RANGE-INVALID': {
    status: 422,
    message:
      'The report range is not valid: from and to are calendar days YYYY-MM-DD, to after from, at most 366 days.',
    internal:
      'parseDayRange refused it (src/domain/usage/range.ts): not a real UTC day, to <= from, or more than 366 days. `path` names the field.',
    retryable: false,
  },
});
