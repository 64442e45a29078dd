// Copy text for "Copy link" / "Copy embed code" / "Copy Markdown". Returns false when the browser
// refuses (no permission, insecure context): the caller then shows the text to copy by hand.
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
