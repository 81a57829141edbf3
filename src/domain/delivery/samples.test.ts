/** The samples carry exactly the facts of their type, so templates validated against them name real facts. */
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_FACTS, NOTIFICATION_TYPES } from './notification.ts';
import { SAMPLES } from './samples.ts';

describe('samples', () => {
  it.each(NOTIFICATION_TYPES)('%s has exactly its facts', (type) => {
    expect(SAMPLES[type].type).toBe(type);
    expect(Object.keys(SAMPLES[type].facts).sort()).toEqual([...NOTIFICATION_FACTS[type]].sort());
  });
});
