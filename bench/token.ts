/** The admin token the bench's service runs with. */
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
