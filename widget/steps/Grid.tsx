import type { ComponentChildren } from 'preact';
import { useSignal } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';

export interface GridProps {
  /** The id of the text that names the grid. */
  labelledby: string;
  class: string;
  count: number;
  /** Cells per row: what Up and Down move by. A week is one row of seven; times are one per row. */
  cols: number;
  /** The cell that holds the grid's one Tab stop. */
  active: number;
  cell: (index: number, tabIndex: 0 | -1) => ComponentChildren;
  /**
   * Where the keyboard moves take the active cell (the day grid: the parent's data, even into another week);
   * returns false where it cannot go. Without it, moves stay inside the grid.
   */
  onMove?: (index: number) => boolean;
}

const keyMoves: Record<string, (at: number, cols: number, count: number) => number> = {
  ArrowRight: (at) => at + 1,
  ArrowLeft: (at) => at - 1,
  ArrowDown: (at, cols) => at + cols,
  ArrowUp: (at, cols) => at - cols,
  PageDown: (at, cols) => at + cols,
  PageUp: (at, cols) => at - cols,
  Home: () => 0,
  End: (_at, _cols, count) => count - 1,
};

/**
 * The WAI-ARIA APG grid keyboard pattern over buttons: arrows, Home/End, Page Up/Down, and one Tab stop that
 * moves with the focus (roving tabindex), so Tab leaves the grid instead of walking through every cell.
 */
export function Grid(p: GridProps) {
  const at = useSignal<number | undefined>(undefined);
  const root = useRef<HTMLDivElement>(null);
  // Set by a key press; the next draw puts the focus on the cell that now holds the Tab stop.
  const moved = useRef(false);
  useLayoutEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    const target = root.current?.querySelector('[tabindex="0"]');
    if (target instanceof HTMLElement) target.focus();
  });

  const active = at.value !== undefined && at.value < p.count ? at.value : p.active;
  const onKeyDown = (e: KeyboardEvent) => {
    const move = keyMoves[e.key];
    if (!move) return;
    e.preventDefault();
    const to = move(active, p.cols, p.count);
    if (p.onMove ? p.onMove(to) : to >= 0 && to < p.count) {
      moved.current = true;
      if (!p.onMove) at.value = to;
    }
  };
  const rows = [];
  for (let r = 0; r < p.count; r += p.cols) {
    const cells = [];
    for (let i = r; i < Math.min(r + p.cols, p.count); i++)
      cells.push(<div role="gridcell">{p.cell(i, i === active ? 0 : -1)}</div>);
    rows.push(<div role="row">{cells}</div>);
  }
  return (
    <div role="grid" aria-labelledby={p.labelledby} class={p.class} onKeyDown={onKeyDown} ref={root}>
      {rows}
    </div>
  );
}
