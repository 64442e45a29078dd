// The card tells the page embedding it how tall it is, so the iframe fits without a scrollbar.
// It only ever talks to window.parent, never listens to messages, and sends nothing but a number.

export type HeightMessage = { type: 'credence:height'; height: number };

/** Posts the element's height now and whenever it changes size. Returns a function that stops it. */
export function reportHeightToParent(
  element: HTMLElement,
  target: Window = window.parent,
): () => void {
  if (target === window) return () => undefined; // not framed: nobody to tell
  let last = -1;
  const post = () => {
    // The element's bottom edge in the document: everything the frame must show.
    const height = Math.ceil(element.getBoundingClientRect().bottom + window.scrollY);
    if (height === last) return;
    last = height;
    const message: HeightMessage = { type: 'credence:height', height };
    // '*': the card cannot know the wiki's origin, and the message holds nothing but a height.
    target.postMessage(message, '*');
  };
  post();
  const observer = new ResizeObserver(post);
  observer.observe(element);
  window.addEventListener('load', post);
  return () => {
    observer.disconnect();
    window.removeEventListener('load', post);
  };
}
