import { Component, type ComponentChildren } from 'preact';

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
export class Grid extends Component<GridProps, { at?: number }> {
  #moved: boolean | undefined;
  #root: HTMLDivElement | null | undefined;

  override componentDidUpdate() {
    if (!this.#moved) return;
    this.#moved = false;
    const target = this.#root?.querySelector('[tabindex="0"]');
    if (target instanceof HTMLElement) target.focus();
  }

  render(p: GridProps, { at = p.active }: { at?: number }) {
    const active = at < p.count ? at : p.active;
    const onKeyDown = (e: KeyboardEvent) => {
      const move = keyMoves[e.key];
      if (!move) return;
      e.preventDefault();
      const to = move(active, p.cols, p.count);
      if (p.onMove ? p.onMove(to) : to >= 0 && to < p.count) {
        this.#moved = true;
        if (!p.onMove) this.setState({ at: to });
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
      <div
        role="grid"
        aria-labelledby={p.labelledby}
        class={p.class}
        onKeyDown={onKeyDown}
        ref={(el) => {
          this.#root = el;
        }}
      >
        {rows}
      </div>
    );
  }
}
