import { MESSENGER_LIMITS } from './messenger-limits';

/**
 * Joins a heading, list lines and a closing line into one message within Messenger's text limit. Lines
 * are dropped whole from the end (never cut mid-line) and replaced by a "n more" line.
 */
export function listText(parts: { heading: string; lines: string[]; closing?: string; more: (hidden: number) => string }, limit: number = MESSENGER_LIMITS.textLength): string {
  const compose = (shown: number) =>
    [parts.heading, ...parts.lines.slice(0, shown), ...(shown < parts.lines.length ? [parts.more(parts.lines.length - shown)] : []), ...(parts.closing ? [parts.closing] : [])].join('\n');
  for (let shown = parts.lines.length; shown >= 0; shown--) {
    const text = compose(shown);
    if ([...text].length <= limit) return text;
  }
  return [...compose(0)].slice(0, limit).join('');
}
