/** Problems as the commands and errors print them: one line each, at most a screenful. */
import type { Problem } from '../../domain/backup/problem.ts';

const SHOWN = 20;

export const describeProblems = (problems: readonly Problem[]): string => {
  const lines = problems.slice(0, SHOWN).map((p) => `${p.where}: ${p.reason}`);
  if (problems.length > SHOWN) lines.push(`... and ${problems.length - SHOWN} more`);
  return lines.join('\n');
};
