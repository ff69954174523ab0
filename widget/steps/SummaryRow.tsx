import type { ComponentChildren } from 'preact';

/** One term of a summary list: a label, its lines, and optionally a "Change" action. */
export function SummaryRow({
  label,
  lines,
  action,
}: {
  label: string;
  lines: ComponentChildren[];
  action?: ComponentChildren;
}) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{lines.map((line, i) => (line || line === 0 ? <div key={i}>{line}</div> : null))}</dd>
      {action && <dd>{action}</dd>}
    </div>
  );
}
