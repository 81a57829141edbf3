import { describe, expect, it } from 'vitest';
import { loadOrder, orderColumns, type TableInfo } from './table-order.ts';

const t = (name: string, references: string[] = [], primaryKey: string[] = ['id']): TableInfo => ({
  name,
  columns: ['id', 'x'],
  primaryKey,
  references,
});

describe('table load order', () => {
  it('puts every table after those its foreign keys name, ties by name', () => {
    const order = loadOrder([
      t('receipts', ['customers']),
      t('api_keys', ['customers']),
      t('customers'),
      t('settings'),
      t('nodes', ['nodes']),
    ]);
    expect(order.map((x) => x.name)).toEqual(['customers', 'api_keys', 'nodes', 'receipts', 'settings']);
  });

  it('refuses a cycle', () => {
    expect(() => loadOrder([t('a', ['b']), t('b', ['a'])])).toThrow(/cycle/);
  });

  it('orders rows by the primary key, or by every column without one', () => {
    expect(orderColumns(t('a'))).toEqual(['id']);
    expect(orderColumns(t('permits', [], []))).toEqual(['id', 'x']);
  });
});
