/** The save-time validator: every default passes; what would fail or mislead at send time is refused. */
import { describe, expect, it } from 'vitest';
import { CHANNELS, NOTIFICATION_TYPES } from '../notification.ts';
import { defaultTemplate } from './defaults.ts';
import { validateTemplate } from './validate.ts';

const email = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  subject: 'Deployment {{facts.deploymentId}} failed',
  text: 'It failed: {{facts.reason}}',
  html: '<p>It failed: {{facts.reason}}</p>',
  ...over,
});

const problems = (template: unknown, channel: 'email' | 'slack' = 'email'): readonly string[] => {
  const v = validateTemplate('deployment.failed', channel, template);
  return v.ok ? [] : v.problems;
};

describe('template validator', () => {
  it.each(NOTIFICATION_TYPES.flatMap((t) => CHANNELS.map((c) => [t, c] as const)))(
    'the default of %s on %s is valid',
    (type, channel) => {
      expect(validateTemplate(type, channel, defaultTemplate(type, channel))).toEqual({ ok: true });
    },
  );

  it('accepts sections, inverted sections and names relative to a section', () => {
    expect(
      problems(
        email({ text: '{{#customer}}{{name}} <{{contactEmail}}>{{/customer}}{{^customer}}system{{/customer}}' }),
      ),
    ).toEqual([]);
  });

  it('refuses a template that does not parse', () => {
    expect(problems(email({ text: 'Hello {{facts.reason' }))).toEqual(['text: Unclosed tag at 20']);
    expect(problems(email({ html: '{{#customer}}x' }))).toEqual(['html: Unclosed section "customer" at 14']);
  });

  it('refuses names the type does not have, which would render empty', () => {
    expect(problems(email({ subject: '{{facts.deploymentID}} {{customer.phone}} {{nope}}' }))).toEqual([
      'subject: unknown name facts.deploymentID',
      'subject: unknown name customer.phone',
      'subject: unknown name nope',
    ]);
  });

  it('refuses unescaped output in HTML and Slack parts, and partials anywhere', () => {
    expect(problems(email({ html: '<p>{{{facts.reason}}}</p>' }))).toEqual([
      'html: {{{facts.reason}}} or {{& facts.reason}} would not be escaped here',
    ]);
    expect(problems({ title: 'x', text: '{{& facts.reason}}' }, 'slack')).toHaveLength(1);
    expect(problems(email({ text: '{{> footer}}' }))).toEqual(['text: partials ({{> footer}}) are not available']);
    // Plain text is not escaped anyway, so the triple mustache changes nothing there.
    expect(problems(email({ text: '{{{facts.reason}}}' }))).toEqual([]);
  });

  it('refuses missing, extra, non-string and empty parts', () => {
    expect(problems({ subject: 'x', text: 'y' })).toEqual(['html: missing (a string)']);
    expect(problems(email({ body: 'x' }))).toEqual(['body: not a part of a email template (subject, text, html)']);
    expect(problems(email({ text: 42 }))).toEqual(['text: missing (a string)']);
    expect(problems(email({ subject: '   ' }))).toEqual(['subject: renders empty for the sample']);
    expect(problems('subject')).toEqual(['the template must be an object of its parts']);
  });
});
