// The targets the issues set for the figures of the summary table: one list, read by report.mjs
// (the target and verdict columns). A figure can have several, from several issues; a new target
// is a line here, never text written into the report.
//
// Each target: the figure it judges (see FIGURES), the issue that set it, and either `below`
// (the figure must be smaller) or `atLeast` (it must be this or more), in the figure's unit.

/** How each judged figure reads a limit (the unit the value of report.mjs comes in). */
export const FIGURES = {
  /** req/s of the stub (signatures and response validation on) ÷ Prism's, a ratio. */
  vsPrism: { text: (limit) => `${limit}x Prism` },
  /** req/s of the stub ÷ bare express's, a fraction. */
  vsExpress: { text: (limit) => `${Math.round(limit * 100)}% of express` },
  /** p99 latency at the bench's connections, ms. */
  p99: { text: (limit) => `${limit} ms` },
  /** process start → first 200, median, ms. */
  startup: { text: (limit) => (limit >= 1000 ? `${limit / 1000} s` : `${limit} ms`) },
  /** RSS with 10,000 instances, bytes: just seeded, after the describeInstances runs, idle. */
  rssSeeded: { text: rssText },
  rssAfterQueries: { text: rssText },
  rssIdle: { text: rssText },
};

const MIB = 2 ** 20;
function rssText(limit) {
  return limit % MIB === 0 ? `${limit / MIB} MiB` : `${limit / 1e6} MB`;
}

export const TARGETS = [
  { figure: 'vsPrism', issue: 7, atLeast: 3 },
  { figure: 'vsPrism', issue: 14, atLeast: 3 },
  { figure: 'vsExpress', issue: 7, atLeast: 0.7 },
  { figure: 'p99', issue: 7, below: 15 },
  { figure: 'startup', issue: 7, below: 1000 },
  { figure: 'startup', issue: 14, below: 400 },
  { figure: 'rssSeeded', issue: 7, below: 200e6 },
  { figure: 'rssSeeded', issue: 14, below: 150 * MIB },
  { figure: 'rssAfterQueries', issue: 7, below: 200e6 },
  { figure: 'rssIdle', issue: 7, below: 200e6 },
];

/** The issues that set targets, in order (the summary table's header names them). */
export function targetIssues(targets = TARGETS) {
  return [...new Set(targets.map((t) => t.issue))].sort((a, b) => a - b);
}

function targetText(target) {
  const text = FIGURES[target.figure].text(target.below ?? target.atLeast);
  return `${target.below !== undefined ? '<' : '≥'} ${text}`;
}

/**
 * The target and verdict cells of a figure: `['#7: < 1 s; #14: < 400 ms', 'met (#7); **missed** (#14)']`.
 * `value` undefined (or `judged` false) leaves the verdicts empty (the targets are still shown).
 */
export function judge(figure, value, { judged = true, targets = TARGETS } = {}) {
  if (!FIGURES[figure]) throw new Error(`no such figure: ${figure}`);
  const mine = targets.filter((t) => t.figure === figure);
  const target = mine.map((t) => `#${t.issue}: ${targetText(t)}`).join('; ');
  if (!judged || value === undefined || !Number.isFinite(value)) return [target, ''];
  const verdict = mine
    .map((t) => {
      const met = t.below !== undefined ? value < t.below : value >= t.atLeast;
      return `${met ? 'met' : '**missed**'} (#${t.issue})`;
    })
    .join('; ');
  return [target, verdict];
}
