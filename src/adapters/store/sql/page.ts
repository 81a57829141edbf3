/** Keyset paging: queries fetch `limit + 1` rows; the extra row only says whether a next page exists. */
import type { Page, PageQuery } from '../interface.ts';

export const pageOf = <R, T>(
  rows: readonly R[],
  page: PageQuery,
  map: (row: R) => T,
  cursorOf: (item: T) => string,
): Page<T> => {
  const items = rows.slice(0, page.limit).map(map);
  const last = items.at(-1);
  return { items, next: rows.length > page.limit && last !== undefined ? cursorOf(last) : null };
};
