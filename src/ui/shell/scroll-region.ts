// A horizontally scrolling box (a wide table at half-screen width) must be reachable by keyboard,
// or its hidden columns are out of reach: while its content overflows it becomes a named,
// focusable region (arrow keys scroll it); when everything fits it is a plain box, not a tab stop.
import type { Attachment } from 'svelte/attachments';

export function scrollRegion(name: string): Attachment<HTMLElement> {
  return (box) => {
    const update = () => {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', name);
      } else {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
      }
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(box);
    for (const child of box.children) observer.observe(child);
    return () => observer.disconnect();
  };
}
