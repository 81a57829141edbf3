/** Expected failures travel as values; exceptions are for bugs and the edge. */
export type Result<V, E> = { readonly ok: true; readonly value: V } | { readonly ok: false; readonly error: E };

export const ok = <V>(value: V): Result<V, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
