import { EdgeError } from './edge-error.ts';

/** Issues an error body lists at most: enough to fix a request, small whatever was sent. */
export const MAX_LISTED_ISSUES = 20;
const MAX_ISSUE_MESSAGE = 200;

export interface ValidationIssue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * The one `validation_failed` error for a body that does not match its schema: the first
 * MAX_LISTED_ISSUES issues (path and message, each message cut short) and how many more there
 * were, so a body of a million wrong values answers in a few hundred bytes.
 */
export function validationFailed(message: string, issues: readonly ValidationIssue[]): EdgeError {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message.slice(0, MAX_ISSUE_MESSAGE) }));
  return new EdgeError('validation_failed', message, issues.length > MAX_LISTED_ISSUES ? { issues: listed, moreIssues: issues.length - MAX_LISTED_ISSUES } : { issues: listed });
}
