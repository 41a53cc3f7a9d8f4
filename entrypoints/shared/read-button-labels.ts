/** What `readButtonLabels` looks for, and how much of it. */
export interface ButtonScan {
  selector: string;
  max: number;
  maxLabel: number;
}

/**
 * The visible, clickable elements' labels in one frame. Injected into the page as it is (the
 * extension's `scripting.executeScript`, the command line's `frame.evaluate`), so it is
 * self-contained: no imports, no helpers, one plain-data argument and answer.
 */
export function readButtonLabels({
  selector,
  max,
  maxLabel,
}: ButtonScan): { index: number; label: string }[] {
  const out: { index: number; label: string }[] = [];
  const all = document.querySelectorAll(selector);
  for (let i = 0; i < all.length && out.length < max; i++) {
    const el = all[i] as HTMLElement;
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) < 0.1)
      continue;
    const label = (
      el.innerText ||
      (el as HTMLInputElement).value ||
      el.getAttribute('aria-label') ||
      ''
    ).trim();
    if (label) out.push({ index: i, label: label.slice(0, maxLabel) });
  }
  return out;
}
