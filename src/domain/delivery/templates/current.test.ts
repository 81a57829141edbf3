import { describe, expect, it } from 'vitest';
import { currentTemplate } from './current.ts';
import { defaultTemplate } from './defaults.ts';

describe('the current template', () => {
  it('is the default (version 0) without a saved one', () => {
    expect(currentTemplate('system.restored', 'slack', undefined)).toEqual({
      template: defaultTemplate('system.restored', 'slack'),
      version: 0,
      source: 'default',
    });
  });
  it('is the saved version when it still validates', () => {
    const parts = { title: 'Writes again', text: 'Since {{dates.since}}.' };
    expect(currentTemplate('system.restored', 'slack', { version: 3, parts })).toEqual({
      template: parts,
      version: 3,
      source: 'saved',
    });
  });
  it('falls back to the default when the saved one no longer validates', () => {
    const parts = { title: 'x', text: '{{facts.gone}}' };
    expect(currentTemplate('system.restored', 'slack', { version: 2, parts }).source).toBe('default');
  });
});
