/** The refusal of a template that does not render: every problem in the message, the first part as its path. */
import { DomainError } from '../../domain/errors/domain-error.ts';

export const invalidTemplate = (problems: readonly string[]): DomainError => {
  const part = /^([a-z]+):/.exec(problems[0] ?? '')?.[1];
  return new DomainError('TAI-NOTIFY-TEMPLATE-INVALID', {
    message: `The template was not saved: it does not render. ${problems.join('; ')}.`,
    path: part === undefined ? '/template' : `/template/${part}`,
    detail: problems.join('; '),
  });
};
