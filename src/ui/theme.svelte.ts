// Light/dark theme: follows the system until the user picks one; the pick is remembered locally.
export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'credence.theme';

function readChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

class Theme {
  choice = $state<ThemeChoice>(readChoice());

  apply(): void {
    const root = document.documentElement;
    if (this.choice === 'system') delete root.dataset.theme;
    else root.dataset.theme = this.choice;
  }

  /** system → the opposite of what the system shows → the other → system. */
  cycle(): void {
    const systemDark = matchMedia('(prefers-color-scheme: dark)').matches;
    const order: ThemeChoice[] = systemDark
      ? ['system', 'light', 'dark']
      : ['system', 'dark', 'light'];
    this.choice = order[(order.indexOf(this.choice) + 1) % order.length];
    try {
      if (this.choice === 'system') localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, this.choice);
    } catch {
      // Storage may be unavailable (private mode): the choice lasts for this visit.
    }
    this.apply();
  }
}

export const theme = new Theme();
