import { RecordBudget, TAB_BUDGET } from '@/lib/observe/record-budget.ts';
import type { PageRecord } from '@/lib/observe/visit.ts';

/**
 * One record budget per tab, over all its frames: each frame's content script already limits
 * what it forwards, but a page with many frames could multiply that. Reset with each new visit.
 */
export class TabBudgets {
  private readonly budgets = new Map<number, RecordBudget>();

  admit(
    tabId: number,
    records: readonly PageRecord[],
    now: number,
  ): { records: PageRecord[]; droppedStorage: number } {
    let budget = this.budgets.get(tabId);
    if (!budget) {
      budget = new RecordBudget(TAB_BUDGET);
      this.budgets.set(tabId, budget);
    }
    const admitted = records.filter((r) => budget.admit(r, now));
    return { records: admitted, droppedStorage: budget.takeDropped() };
  }

  forget(tabId: number): void {
    this.budgets.delete(tabId);
  }
}
