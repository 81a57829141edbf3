/** `tai verify`: offline verification of an exported receipt bundle. */
export { runVerify, verifyCommand } from './run-verify.ts';
