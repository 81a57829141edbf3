/** `tai verify`: offline verification of an exported receipt bundle. */
export { runVerify } from './run-verify.ts';
