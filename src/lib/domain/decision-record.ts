// The team's decision about an iteration (who, when, what and why), kept on the iteration record.
import { DESIGN_LIMITS } from './text-limits.ts';
import type { DecisionRecord, Iteration } from './types.ts';
import { refuse, succeed, violation, type Result, type Violation } from './violation.ts';

/** The iteration with its decision record set (trimmed), or removed with null. */
export function recordDecision(
  iteration: Iteration,
  record: DecisionRecord | null,
): Result<Iteration> {
  if (record === null) {
    const { decision: _removed, ...rest } = iteration;
    return succeed(rest);
  }
  const decision = { by: record.by.trim(), at: record.at, why: record.why.trim() };
  const problems: Violation[] = [];
  if (decision.why === '')
    problems.push(
      violation('decision-why-missing', 'decision.why', 'Write what was decided and why.'),
    );
  if (!Number.isFinite(decision.at))
    problems.push(
      violation('decision-at-invalid', 'decision.at', 'Give the date of the decision.'),
    );
  const { maxNameChars, maxDecisionChars } = DESIGN_LIMITS;
  if (decision.by.length > maxNameChars)
    problems.push(
      violation('text-too-long', 'decision.by', `Who decided fits in ${maxNameChars} characters.`),
    );
  if (decision.why.length > maxDecisionChars)
    problems.push(
      violation(
        'text-too-long',
        'decision.why',
        `The decision fits in ${maxDecisionChars.toLocaleString('en-US')} characters; it has ${decision.why.length.toLocaleString('en-US')}.`,
      ),
    );
  return problems.length > 0 ? refuse(problems) : succeed({ ...iteration, decision });
}

/** A time as the UTC calendar day it falls on: 1733443200000 → "2024-12-06"; blank when not a time. */
export function utcDayText(at: number): string {
  return Number.isFinite(at) ? new Date(at).toISOString().slice(0, 10) : '';
}

/** The record in one line, as the Results tab and exports show it. */
export function decisionRecordLine(record: DecisionRecord): string {
  const who = record.by ? ` by ${record.by}` : '';
  return `Decided${who} on ${utcDayText(record.at)} (UTC): ${record.why}`;
}
