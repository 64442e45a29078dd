// Clickjacking guard for hosts that cannot send a frame-ancestors header: inside a frame whose parent
// is another origin, the app does not render; the page offers a link to open it in its own tab.
// (embed.html, made to be framed, does not load this.)

/** True when the page sits in a frame and some ancestor is another origin (or opaque). */
export function framedByAnotherOrigin(win: Window): boolean {
  if (win.top === win.self) return false;
  try {
    // Reading an ancestor's origin throws for a cross-origin ancestor.
    return win.top?.location.origin !== win.location.origin || win.location.origin === 'null';
  } catch {
    return true;
  }
}

/** Replaces the app's root with the refusal and a link to the same page in a tab of its own. */
export function showFramedRefusal(target: HTMLElement, href: string): void {
  const message = document.createElement('p');
  message.textContent =
    'Credence is shown inside another site’s page, so it does not open here (this protects your experiments from clicks you did not mean).';
  const link = document.createElement('a');
  link.href = href;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = 'Open Credence in its own tab';
  target.replaceChildren(message, link);
}
