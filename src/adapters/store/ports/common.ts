/** Paging, shared by every aggregate's list reads: ordered by id, with an opaque cursor. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `after` to get the next page; null on the last page. */
  readonly next: string | null;
}

export interface PageQuery {
  readonly limit: number;
  readonly after?: string | undefined;
}
